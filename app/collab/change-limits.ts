/*
 * The size limit of one change, shared by the collab server and the browser.
 *
 * The server closes a socket whose message is above its limit (4413): the
 * browser must never send one. It checks every input path before the change
 * enters the Y.Doc (paste, drop, undo: see app/editor/change-guard.ts), refuses
 * to send any update that would not fit (provider.client.ts) and, when such a
 * change is already stored on this device, holds it and lets the person discard
 * it or send it in pieces. The server tells each socket its actual limit (an
 * operator may lower it with COLLAB_MAX_MESSAGE_BYTES) in a `limit:` notice.
 */

/** The collab server's default `maxMessageBytes`. */
export const DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

/** Bytes of a y-websocket sync message around the update itself (message type, sync type, length). */
export const SYNC_MESSAGE_OVERHEAD_BYTES = 16;

/** Whether an update of `updateBytes` travels in one message under `limit`. */
export function updateFits(updateBytes: number, limit: number): boolean {
  return updateBytes + SYNC_MESSAGE_OVERHEAD_BYTES <= limit;
}

/**
 * What one edit from the keyboard, a paste, a drop or an undo may insert,
 * estimated before it enters the Y.Doc: half of the limit, because the
 * estimate (UTF-8 bytes of the text plus a little per block) does not count
 * formatting and node bookkeeping exactly.
 */
export function inputBudgetBytes(limit: number): number {
  return Math.floor(limit / 2);
}

/** Bytes per piece when a stored change is sent in pieces: well under the limit, for the same reason. */
export function pieceBudgetBytes(limit: number): number {
  return Math.floor(limit / 4);
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a text (what it weighs inside a Yjs update). */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

const megabytes = new Intl.NumberFormat("es-CL", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const kilobytes = new Intl.NumberFormat("es-CL", { maximumFractionDigits: 0 });

/** "2,2 MB", "340 KB" (binary units, as people see file sizes). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${megabytes.format(bytes / (1024 * 1024))} MB`;
  return `${kilobytes.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
}

/*
 * The server's limit, sent in the protocol's auth message like the other
 * notices (close-codes.ts): `limit:<bytes>`.
 */
const LIMIT_PREFIX = "limit:";

export function formatLimitNotice(maxMessageBytes: number): string {
  return `${LIMIT_PREFIX}${Math.floor(maxMessageBytes)}`;
}

export function parseLimitNotice(reason: string): number | null {
  if (!reason.startsWith(LIMIT_PREFIX)) return null;
  const bytes = Number(reason.slice(LIMIT_PREFIX.length));
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}
