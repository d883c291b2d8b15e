import { createHmac, timingSafeEqual } from "node:crypto";
import { isDocumentName } from "./document-name";

/*
 * Short-lived collab tokens: the app signs one per (user, document, access)
 * for the standalone collab server, which has no session store.
 *
 * Guarantee: a token verifies only with the same secret, only before its
 * expiry, only for the document it names and only as a collab token (the type
 * tag keeps other HMAC tokens signed with the same secret from passing).
 * Server-only (Node crypto): never import it from browser code.
 */

export type CollabAccess = "edit" | "read";

export interface CollabTokenClaims {
  userId: string;
  userName: string;
  documentName: string;
  access: CollabAccess;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type CollabTokenFailure = "malformed" | "bad-signature" | "wrong-type" | "expired" | "wrong-document";

export type CollabTokenResult = { ok: true; claims: CollabTokenClaims } | { ok: false; reason: CollabTokenFailure };

const VERSION = "rc1";
const TYPE = "collab";
/** Long enough for a page load plus a few reconnects; the client fetches a new one on 4401. */
export const DEFAULT_COLLAB_TOKEN_TTL_SECONDS = 300;
const MIN_SECRET_LENGTH = 32;

interface WirePayload {
  typ: string;
  sub: string;
  nam: string;
  doc: string;
  acc: CollabAccess;
  exp: number;
}

function requireSecret(secret: string) {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`COLLAB_SECRET debe tener al menos ${MIN_SECRET_LENGTH} caracteres`);
  }
}

function sign(secret: string, signedPart: string): Buffer {
  return createHmac("sha256", secret).update(signedPart).digest();
}

export function createCollabToken(input: {
  secret: string;
  userId: string;
  userName: string;
  documentName: string;
  access: CollabAccess;
  ttlSeconds?: number;
  now?: number;
}): string {
  requireSecret(input.secret);
  if (!isDocumentName(input.documentName)) throw new Error(`Documento inválido: ${input.documentName}`);
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const payload: WirePayload = {
    typ: TYPE,
    sub: input.userId,
    nam: input.userName,
    doc: input.documentName,
    acc: input.access,
    exp: nowSeconds + (input.ttlSeconds ?? DEFAULT_COLLAB_TOKEN_TTL_SECONDS),
  };
  const signedPart = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${signedPart}.${sign(input.secret, signedPart).toString("base64url")}`;
}

function decodePayload(encoded: string): WirePayload | null {
  try {
    const value = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as Partial<WirePayload>;
    const valid =
      typeof value.typ === "string" &&
      typeof value.sub === "string" &&
      typeof value.nam === "string" &&
      typeof value.doc === "string" &&
      (value.acc === "edit" || value.acc === "read") &&
      typeof value.exp === "number";
    return valid ? (value as WirePayload) : null;
  } catch {
    return null;
  }
}

export function verifyCollabToken(
  token: string,
  expected: { secret: string; documentName: string; now?: number },
): CollabTokenResult {
  requireSecret(expected.secret);
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: "malformed" };
  const signedPart = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2], "base64url");
  const wanted = sign(expected.secret, signedPart);
  // Constant-time comparison, checked before the payload is even parsed.
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, reason: "bad-signature" };
  const payload = decodePayload(parts[1]);
  if (!payload) return { ok: false, reason: "malformed" };
  if (payload.typ !== TYPE) return { ok: false, reason: "wrong-type" };
  if (payload.exp * 1000 <= (expected.now ?? Date.now())) return { ok: false, reason: "expired" };
  if (payload.doc !== expected.documentName) return { ok: false, reason: "wrong-document" };
  return {
    ok: true,
    claims: { userId: payload.sub, userName: payload.nam, documentName: payload.doc, access: payload.acc, exp: payload.exp },
  };
}
