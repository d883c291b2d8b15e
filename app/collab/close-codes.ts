/*
 * Named WebSocket close codes shared by the collab server and the browser.
 *
 * Guarantee: every refusal or forced disconnect the server makes uses one of
 * these codes, so the browser can show a Spanish message and decide whether to
 * reconnect (y-websocket in the browser cannot see an HTTP status on upgrade:
 * the server accepts the socket and closes it with a code instead).
 * 4400–4499 mirror HTTP 4xx (a decision reconnecting cannot fix), 4500–4599
 * mirror 5xx (try again later), as y-websocket's default reconnect rule expects.
 */

export const CollabCloseCode = {
  /** A malformed, truncated or unknown protocol message. */
  BAD_MESSAGE: 4400,
  /** No session, or the collab token is missing, forged or expired. */
  UNAUTHORIZED: 4401,
  /** The user may not open this document (or the page's origin is not allowed). */
  FORBIDDEN: 4403,
  /** The document name is invalid or the document does not exist. */
  NOT_FOUND: 4404,
  /** Access was withdrawn while connected (e.g. removed from the network). */
  ACCESS_REVOKED: 4409,
  /** A message above the server's size limit. */
  MESSAGE_TOO_LARGE: 4413,
  /** The document was submitted: everyone is read-only (sent as a read-only notice). */
  DOCUMENT_FROZEN: 4423,
  /** Too many simultaneous connections from one address. */
  TOO_MANY_CONNECTIONS: 4429,
  /** The server failed (e.g. the document could not be loaded from the database). */
  SERVER_ERROR: 4500,
  /** The server is restarting or shutting down. */
  SHUTTING_DOWN: 4503,
  /** No room for another document in memory, or the client cannot keep up. */
  SERVER_BUSY: 4507,
} as const;

export type CollabCloseCodeName = keyof typeof CollabCloseCode;
export type CollabCloseCodeValue = (typeof CollabCloseCode)[CollabCloseCodeName];

/** What the browser should do after a close: give up, get a fresh token first, or retry with backoff. */
export type CloseAction = "stop" | "reauthenticate" | "retry";

interface CloseCodeInfo {
  name: CollabCloseCodeName | "STANDARD";
  message: string;
  action: CloseAction;
}

const INFO: Record<CollabCloseCodeValue, Omit<CloseCodeInfo, "name">> = {
  4400: { message: "El editor envió un mensaje inválido. Recarga la página.", action: "stop" },
  4401: { message: "Sin sesión: vuelve a iniciar sesión para seguir editando.", action: "reauthenticate" },
  4403: { message: "No tienes acceso a este documento.", action: "stop" },
  4404: { message: "El documento no existe.", action: "stop" },
  4409: { message: "Se revocó tu acceso a este documento.", action: "stop" },
  4413: { message: "El cambio es demasiado grande para guardarlo.", action: "stop" },
  4423: { message: "El documento fue enviado y quedó en solo lectura.", action: "stop" },
  4429: { message: "Demasiadas conexiones desde tu red; reintentando.", action: "retry" },
  4500: { message: "Error del servidor de edición; reintentando.", action: "retry" },
  4503: { message: "El servidor de edición se está reiniciando; reconectando.", action: "retry" },
  4507: { message: "El servidor de edición está ocupado; reintentando.", action: "retry" },
};

const NAMES = new Map<number, CollabCloseCodeName>(
  Object.entries(CollabCloseCode).map(([name, code]) => [code, name as CollabCloseCodeName]),
);

/** The name, Spanish message and retry decision for any close code, ours or standard. */
export function describeCloseCode(code: number): CloseCodeInfo {
  const name = NAMES.get(code);
  if (name) return { name, ...INFO[code as CollabCloseCodeValue] };
  if (code === 1009) return { name: "STANDARD", message: INFO[4413].message, action: "stop" };
  if (code === 1008) return { name: "STANDARD", message: INFO[4403].message, action: "stop" };
  // Other private 44xx codes are deliberate refusals; everything else (1000,
  // 1001, 1006 network loss, 1011–1013, 45xx) is transient.
  if (code >= 4400 && code < 4500) return { name: "STANDARD", message: INFO[4403].message, action: "stop" };
  return { name: "STANDARD", message: "Conexión perdida; reconectando.", action: "retry" };
}

/** True when reconnecting as-is can succeed (the provider's `shouldReconnect`). */
export function isRetryableCloseCode(code: number): boolean {
  return describeCloseCode(code).action === "retry";
}

/** Close reasons are limited to 123 UTF-8 bytes; cut on a character boundary. */
export function truncateCloseReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason);
  if (bytes.length <= 123) return reason;
  let cut = 123;
  while (cut > 0 && (bytes[cut] & 0xc0) === 0x80) cut -= 1;
  return new TextDecoder().decode(bytes.subarray(0, cut));
}

/*
 * Read-only notice: sent inside the y-protocols "permission denied" message
 * (a type y-websocket already understands) when a connection is or becomes
 * read-only, so the editor can switch to read-only without a reconnect.
 */
const READ_ONLY_PREFIX = "read-only:";

export function formatReadOnlyNotice(code: CollabCloseCodeValue): string {
  return `${READ_ONLY_PREFIX}${code}`;
}

/** The code behind a read-only notice (FORBIDDEN: no edit permission; DOCUMENT_FROZEN: submitted). */
export function parseReadOnlyNotice(reason: string): CollabCloseCodeValue | null {
  if (!reason.startsWith(READ_ONLY_PREFIX)) return null;
  const code = Number(reason.slice(READ_ONLY_PREFIX.length));
  return NAMES.has(code) ? (code as CollabCloseCodeValue) : null;
}

/*
 * Server notices ride the same message: the state of the link between collab
 * processes (Redis). While it is down, editing and saving go on, but people
 * connected to another server do not appear until it is back.
 */
const SERVER_NOTICE_PREFIX = "notice:";
export type ServerNotice = "relay-down" | "relay-up" | "writable";

export const SERVER_NOTICE_MESSAGES: Record<ServerNotice, string | null> = {
  "relay-down":
    "Sin enlace con los otros servidores de edición: quienes estén conectados a otro servidor pueden no aparecer por ahora. Tus cambios se guardan igual y se unirán solos.",
  "relay-up": null,
  // Edit access came back on this socket (minutes reopened): the editor becomes editable, no reload.
  writable: null,
};

export function formatServerNotice(notice: ServerNotice): string {
  return `${SERVER_NOTICE_PREFIX}${notice}`;
}

export function parseServerNotice(reason: string): ServerNotice | null {
  if (!reason.startsWith(SERVER_NOTICE_PREFIX)) return null;
  const notice = reason.slice(SERVER_NOTICE_PREFIX.length);
  return notice in SERVER_NOTICE_MESSAGES ? (notice as ServerNotice) : null;
}
