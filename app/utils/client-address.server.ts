import type { IncomingMessage } from "node:http";
import net from "node:net";
import proxyAddr from "proxy-addr";

/*
 * Who is the client: one answer for the portal (Express `trust proxy`), the
 * auth API and the collab upgrade.
 *
 * Guarantee: `X-Forwarded-For` is read only when the socket peer is one of
 * TRUSTED_PROXIES (addresses, CIDRs or proxy-addr's names `loopback`,
 * `linklocal`, `uniquelocal`); then the chain is walked from the right and the
 * first hop that is not a trusted proxy is the client. With no trusted proxy
 * (the default) the socket address counts, whatever the header says.
 */

/** Decides whether the hop at `address` (index `hop`, 0 = the socket peer) is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

export const TRUST_NO_PROXY: ProxyTrust = () => false;

/** Entries proxy-addr cannot read (not an address, CIDR, netmask or known name). */
export function invalidTrustedProxies(entries: readonly string[]): string[] {
  return entries.filter((entry) => {
    try {
      proxyAddr.compile(entry);
      return false;
    } catch {
      return true;
    }
  });
}

/** TRUSTED_PROXIES as a trust function (also accepted by Express's `trust proxy`). */
export function compileTrustedProxies(entries: readonly string[]): ProxyTrust {
  if (entries.length === 0) return TRUST_NO_PROXY;
  const invalid = invalidTrustedProxies(entries);
  if (invalid.length > 0) throw new Error(`TRUSTED_PROXIES: dirección o red inválida: ${invalid.join(", ")}`);
  return proxyAddr.compile([...entries]);
}

/** The client address of a Node request (socket peer, or the nearest untrusted X-Forwarded-For hop behind a trusted proxy). */
export function resolveClientAddress(req: IncomingMessage, trust: ProxyTrust): string {
  if (!req.socket?.remoteAddress) return "unknown";
  return proxyAddr(req, trust);
}

/**
 * The key a per-address limit counts under: an IPv4-mapped IPv6 address as
 * plain IPv4, and IPv6 by its /64 — one subscriber is handed a whole /64 and
 * could otherwise take a fresh address per attempt.
 */
export function addressKey(address: string): string {
  const plain = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain);
  if (mapped && net.isIPv4(mapped[1])) return mapped[1];
  if (net.isIPv6(plain)) return `${ipv6Groups(plain).slice(0, 4).join(":")}::/64`;
  return plain;
}

/** The eight 16-bit groups of a valid IPv6 address (zone removed, embedded IPv4 tail converted). */
function ipv6Groups(address: string): string[] {
  let text = address.split("%")[0];
  const ipv4Tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail[1].split(".").map(Number);
    text = `${text.slice(0, -ipv4Tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}
