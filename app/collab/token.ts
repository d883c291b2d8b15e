import { createHmac, timingSafeEqual } from "node:crypto";
import { isDocumentName } from "./document-name";

/*
 * Short-lived signed tokens between the app and the standalone collab server
 * (which has no session store): a collab token lets one user open one
 * document with one access level; a revalidation token lets the app ask it to
 * re-check matching live sockets against the database (close or downgrade them).
 *
 * Guarantee: a token verifies only with the same secret, only before its
 * expiry and only as its own type (the type tag keeps one kind from passing as
 * the other); a collab token only for the document it names.
 * Server-only (Node crypto): never import it from browser code.
 */

export type CollabAccess = "edit" | "read";

export interface CollabTokenClaims {
  userId: string;
  userName: string;
  documentName: string;
  access: CollabAccess;
  /** Issue time, seconds since the epoch: revocations (access lost on re-check) after it win over the token. */
  iat: number;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export type CollabTokenFailure = "malformed" | "bad-signature" | "wrong-type" | "expired" | "wrong-document";
export type TokenResult<Claims> = { ok: true; claims: Claims } | { ok: false; reason: CollabTokenFailure };
export type CollabTokenResult = TokenResult<CollabTokenClaims>;

const VERSION = "rc1";
/** Long enough for a page load plus a few reconnects; the client fetches a new one on 4401. */
export const DEFAULT_COLLAB_TOKEN_TTL_SECONDS = 300;
/** Sent at once by the app; a replay re-checks the database again, which changes nothing. */
export const DEFAULT_REVALIDATION_TOKEN_TTL_SECONDS = 30;
const MIN_SECRET_LENGTH = 32;

function requireSecret(secret: string) {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`COLLAB_SECRET debe tener al menos ${MIN_SECRET_LENGTH} caracteres`);
  }
}

function sign(secret: string, signedPart: string): Buffer {
  return createHmac("sha256", secret).update(signedPart).digest();
}

function seal(secret: string, payload: Record<string, unknown>): string {
  requireSecret(secret);
  const signedPart = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${signedPart}.${sign(secret, signedPart).toString("base64url")}`;
}

/** Checks format, signature (constant time, before parsing), type and expiry; returns the payload. */
function open(token: string, secret: string, type: string, now: number): TokenResult<Record<string, unknown>> {
  requireSecret(secret);
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: "malformed" };
  const given = Buffer.from(parts[2], "base64url");
  const wanted = sign(secret, `${parts[0]}.${parts[1]}`);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, reason: "bad-signature" };
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof payload !== "object" || payload === null || typeof payload.exp !== "number") return { ok: false, reason: "malformed" };
  if (payload.typ !== type) return { ok: false, reason: "wrong-type" };
  if (payload.exp * 1000 <= now) return { ok: false, reason: "expired" };
  return { ok: true, claims: payload };
}

const seconds = (now: number | undefined) => Math.floor((now ?? Date.now()) / 1000);

export function createCollabToken(input: {
  secret: string;
  userId: string;
  userName: string;
  documentName: string;
  access: CollabAccess;
  ttlSeconds?: number;
  now?: number;
}): string {
  if (!isDocumentName(input.documentName)) throw new Error(`Documento inválido: ${input.documentName}`);
  return seal(input.secret, {
    typ: "collab",
    sub: input.userId,
    nam: input.userName,
    doc: input.documentName,
    acc: input.access,
    iat: seconds(input.now),
    exp: seconds(input.now) + (input.ttlSeconds ?? DEFAULT_COLLAB_TOKEN_TTL_SECONDS),
  });
}

export function verifyCollabToken(token: string, expected: { secret: string; documentName: string; now?: number }): CollabTokenResult {
  const opened = open(token, expected.secret, "collab", expected.now ?? Date.now());
  if (!opened.ok) return opened;
  const { sub, nam, doc, acc, iat, exp } = opened.claims;
  const wellFormed =
    typeof sub === "string" && typeof nam === "string" && typeof doc === "string" && typeof iat === "number" && (acc === "edit" || acc === "read");
  if (!wellFormed) return { ok: false, reason: "malformed" };
  if (doc !== expected.documentName) return { ok: false, reason: "wrong-document" };
  return { ok: true, claims: { userId: sub, userName: nam, documentName: doc, access: acc, iat, exp: exp as number } };
}

/** A filter over a standalone server's live sockets; both absent means every socket. */
export interface RevalidationClaims {
  /** Only this user's sockets. */
  userId?: string;
  /** Only this document's sockets. */
  documentName?: string;
  exp: number;
}

/** Lets the app ask a standalone collab server to re-check matching live sockets against the database. */
export function createRevalidationToken(input: {
  secret: string;
  userId?: string;
  documentName?: string;
  ttlSeconds?: number;
  now?: number;
}): string {
  if (input.documentName !== undefined && !isDocumentName(input.documentName)) throw new Error(`Documento inválido: ${input.documentName}`);
  return seal(input.secret, {
    typ: "collab-revalidate",
    sub: input.userId ?? null,
    doc: input.documentName ?? null,
    exp: seconds(input.now) + (input.ttlSeconds ?? DEFAULT_REVALIDATION_TOKEN_TTL_SECONDS),
  });
}

export function verifyRevalidationToken(token: string, expected: { secret: string; now?: number }): TokenResult<RevalidationClaims> {
  const opened = open(token, expected.secret, "collab-revalidate", expected.now ?? Date.now());
  if (!opened.ok) return opened;
  const { sub, doc, exp } = opened.claims;
  if ((sub !== null && typeof sub !== "string") || (doc !== null && (typeof doc !== "string" || !isDocumentName(doc)))) {
    return { ok: false, reason: "malformed" };
  }
  return { ok: true, claims: { userId: sub ?? undefined, documentName: doc ?? undefined, exp: exp as number } };
}
