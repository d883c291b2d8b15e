import type { IncomingMessage } from "node:http";
import { CollabCloseCode, type CollabCloseCodeValue } from "../app/collab/close-codes";
import { verifyCollabToken, type CollabAccess, type CollabTokenFailure } from "../app/collab/token";

/*
 * Authentication contract of the collab server.
 *
 * Guarantee: a socket is only attached to a document after `authenticate`
 * resolved; throwing a `CollabRefusal` closes it with that named code (the
 * browser sees why), any other error closes it with SERVER_ERROR and is
 * logged. `read` access connects read-only: the socket receives the document
 * and presence but its edits are dropped.
 */

export interface CollabIdentity {
  userId: string;
  userName: string;
  access: CollabAccess;
  /** When a signed token granted this (ms since the epoch); later revocations override it. */
  issuedAt?: number;
}

export type Authenticate = (req: IncomingMessage, documentName: string) => Promise<CollabIdentity>;

/** Thrown by `authenticate` (or the server) to refuse a socket with a named close code. */
export class CollabRefusal extends Error {
  constructor(
    readonly code: CollabCloseCodeValue,
    reason?: string,
  ) {
    super(reason ?? `refused with ${code}`);
    this.name = "CollabRefusal";
  }
}

/** The `?token=` query parameter of an upgrade request (y-websocket's `params`). */
export function readTokenFromRequest(req: IncomingMessage): string | null {
  const url = new URL(req.url ?? "/", "http://collab.invalid");
  return url.searchParams.get("token");
}

const TOKEN_FAILURE_REASON: Record<CollabTokenFailure, string> = {
  malformed: "Token inválido",
  "bad-signature": "Token inválido",
  "wrong-type": "Token inválido",
  expired: "Token vencido",
  "wrong-document": "El token es de otro documento",
};

/**
 * The standalone server's authenticator: identity and access come only from a
 * token the app signed moments ago (the app checked permissions when it issued it).
 */
export function createTokenAuthenticator(options: { secret: string; now?: () => number }): Authenticate {
  return async (req, documentName) => {
    const token = readTokenFromRequest(req);
    if (!token) throw new CollabRefusal(CollabCloseCode.UNAUTHORIZED, "Falta el token");
    const result = verifyCollabToken(token, { secret: options.secret, documentName, now: options.now?.() });
    if (!result.ok) throw new CollabRefusal(CollabCloseCode.UNAUTHORIZED, TOKEN_FAILURE_REASON[result.reason]);
    const { userId, userName, access, iat } = result.claims;
    return { userId, userName, access, issuedAt: iat * 1000 };
  };
}
