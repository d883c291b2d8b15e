import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "~/env.server";
import { addressKey, compileTrustedProxies, invalidTrustedProxies, resolveClientAddress, type ProxyTrust } from "~/utils/client-address.server";
import { loadStandaloneConfig } from "../../../collab-server/config";
import { clientAddress } from "../../../collab-server/limits";

/** A real HTTP server on 127.0.0.1 answering with the address each rule resolves. */
let server: http.Server;
let baseUrl: string;
const rules: Record<string, ProxyTrust | false> = {
  none: compileTrustedProxies([]),
  loopback: compileTrustedProxies(["127.0.0.1"]),
  named: compileTrustedProxies(["loopback"]),
  chain: compileTrustedProxies(["127.0.0.0/8", "10.0.0.0/8"]),
  other: compileTrustedProxies(["192.0.2.10"]),
  collabDefault: false,
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const rule = rules[new URL(req.url ?? "/", "http://x").searchParams.get("rule") ?? "none"];
    // Both entry points: the portal's (Express, auth API) and the collab upgrade's.
    const portal = rule === false ? "-" : resolveClientAddress(req, rule);
    res.end(JSON.stringify({ portal, collab: clientAddress(req, rule) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function resolved(rule: string, forwardedFor?: string): Promise<{ portal: string; collab: string }> {
  const res = await fetch(`${baseUrl}/?rule=${rule}`, { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });
  return (await res.json()) as { portal: string; collab: string };
}

describe("client address", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy (the default)", async () => {
    expect(await resolved("none", "203.0.113.5")).toEqual({ portal: "127.0.0.1", collab: "127.0.0.1" });
    expect(await resolved("other", "203.0.113.5")).toEqual({ portal: "127.0.0.1", collab: "127.0.0.1" });
    expect((await resolved("collabDefault", "203.0.113.5")).collab).toBe("127.0.0.1");
  });

  it("believes a trusted proxy, taking the nearest hop it did not add itself", async () => {
    expect(await resolved("loopback", "203.0.113.5")).toEqual({ portal: "203.0.113.5", collab: "203.0.113.5" });
    expect((await resolved("named", "203.0.113.5")).portal).toBe("203.0.113.5");
    // The client wrote the leftmost entry; the proxy appended the real one.
    expect((await resolved("loopback", "198.51.100.1, 203.0.113.5")).portal).toBe("203.0.113.5");
    // Two trusted hops (edge proxy 10.x in front of the local one).
    expect((await resolved("chain", "198.51.100.1, 203.0.113.5, 10.1.2.3")).portal).toBe("203.0.113.5");
    // No header behind a trusted proxy: the proxy itself.
    expect((await resolved("loopback")).portal).toBe("127.0.0.1");
  });

  it("validates TRUSTED_PROXIES entries, in the portal and in the standalone collab config", () => {
    expect(invalidTrustedProxies(["10.0.0.0/8", "2001:db8::/32", "loopback", "192.0.2.1/255.255.255.0"])).toEqual([]);
    expect(invalidTrustedProxies(["proxy.interno", "300.1.1.1", "10.0.0.0/40"])).toEqual(["proxy.interno", "300.1.1.1", "10.0.0.0/40"]);
    expect(() => compileTrustedProxies(["10.0.0.0/8", "nope"])).toThrow("TRUSTED_PROXIES: dirección o red inválida: nope");
    expect(() => loadEnv({ TRUSTED_PROXIES: "10.0.0.1, nope" })).toThrow(/TRUSTED_PROXIES: dirección o red inválida: nope/);
    expect(loadEnv({ TRUSTED_PROXIES: " 10.0.0.1 , 172.16.0.0/12 " }).trustedProxies).toEqual(["10.0.0.1", "172.16.0.0/12"]);
    expect(loadEnv({}).trustedProxies).toEqual([]);

    const base = { NODE_ENV: "test" as const, COLLAB_SECRET: "x".repeat(32), COLLAB_ALLOWED_ORIGINS: "http://localhost:3000", DATA_DIR: "/tmp/x" };
    const config = loadStandaloneConfig({ ...base, TRUSTED_PROXIES: "10.0.0.1,10.0.1.0/24" });
    expect(config.trustedProxies).toEqual(["10.0.0.1", "10.0.1.0/24"]);
    expect(config.trustProxy("10.0.1.7", 0)).toBe(true);
    expect(config.trustProxy("10.0.2.7", 0)).toBe(false);
    expect(loadStandaloneConfig(base).trustProxy("127.0.0.1", 0)).toBe(false);
    expect(() => loadStandaloneConfig({ ...base, TRUSTED_PROXIES: "nope" })).toThrow(/TRUSTED_PROXIES: dirección o red inválida: nope/);
    // The old switch trusted every peer: refused with a pointer to the new variable.
    expect(() => loadStandaloneConfig({ ...base, COLLAB_TRUST_PROXY: "true" })).toThrow(/COLLAB_TRUST_PROXY ya no existe/);
  });

  it("keys limits by IPv4, or by the /64 of an IPv6 address", () => {
    expect(addressKey("203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("::FFFF:203.0.113.9")).toBe("203.0.113.9");
    expect(addressKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:DB8:1:2:ffff::9")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressKey("::1")).toBe("0:0:0:0::/64");
    expect(addressKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressKey("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
    expect(addressKey("unknown")).toBe("unknown");
  });
});
