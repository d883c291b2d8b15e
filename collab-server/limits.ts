import type { IncomingMessage } from "node:http";
import { DEFAULT_MAX_MESSAGE_BYTES } from "../app/collab/change-limits";
import { resolveClientAddress, TRUST_NO_PROXY, type ProxyTrust } from "../app/utils/client-address.server";

export type { ProxyTrust };

/*
 * Resource limits of the collab server.
 *
 * Guarantee: one client cannot exhaust the process. Messages above
 * `maxMessageBytes` close that socket (4413; above twice the limit `ws`
 * itself stops reading and closes with 1009), one address holds at most
 * `maxConnectionsPerIp` sockets, at most `maxDocuments` documents sit in
 * memory, a client that does not read its socket is dropped once
 * `maxBufferedBytes` are waiting, a socket that is still loading cannot
 * queue more than `maxQueuedMessages` / `maxQueuedBytes`, and a presence
 * (awareness) message above `maxAwarenessBytes` is refused — it would be
 * relayed to every peer.
 */

export interface CollabLimits {
  maxMessageBytes: number;
  maxConnectionsPerIp: number;
  maxDocuments: number;
  maxBufferedBytes: number;
  maxQueuedMessages: number;
  maxQueuedBytes: number;
  maxAwarenessBytes: number;
  /** Awareness client ids one socket may speak for (a tab uses one). */
  maxAwarenessClientsPerConnection: number;
  /**
   * Ping interval; a socket that missed one pong is terminated and its presence withdrawn, so a
   * person whose line dropped without a close leaves the others' presence list within 2 intervals.
   */
  heartbeatMs: number;
}

export const DEFAULT_LIMITS: CollabLimits = {
  // Shared with the browser, which refuses any change that would not fit (app/collab/change-limits.ts).
  maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  // A municipal office shares one public address among its staff.
  maxConnectionsPerIp: 64,
  maxDocuments: 2000,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxQueuedMessages: 256,
  maxQueuedBytes: 8 * 1024 * 1024,
  maxAwarenessBytes: 64 * 1024,
  maxAwarenessClientsPerConnection: 4,
  // 2 × 10 s: someone who went offline disappears from presence within ~20 s (issue 13: ≤ 30 s).
  heartbeatMs: 10_000,
};

export function resolveLimits(overrides: Partial<CollabLimits> = {}): CollabLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [key, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new Error(`Límite inválido ${key}=${value}`);
  }
  return limits;
}

/** `ws` stops reading a frame above this (1009); between the limit and this we close with our own code. */
export function hardPayloadCap(limits: CollabLimits): number {
  return limits.maxMessageBytes * 2;
}

/**
 * The client address of an upgrade: the socket peer, or — only when that peer
 * is one of TRUSTED_PROXIES (`trust`, see app/utils/client-address.server.ts) —
 * the nearest untrusted X-Forwarded-For hop. `false`: no proxy is trusted.
 */
export function clientAddress(req: IncomingMessage, trust: ProxyTrust | false): string {
  return resolveClientAddress(req, trust === false ? TRUST_NO_PROXY : trust);
}

/** Live sockets per address: `tryAcquire` before accepting, `release` exactly once on close. */
export class ConnectionsPerAddress {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  tryAcquire(address: string): boolean {
    const current = this.counts.get(address) ?? 0;
    if (current >= this.max) return false;
    this.counts.set(address, current + 1);
    return true;
  }

  release(address: string): void {
    const current = this.counts.get(address) ?? 0;
    if (current <= 1) this.counts.delete(address);
    else this.counts.set(address, current - 1);
  }
}
