import { describe, expect, it } from "vitest";
import {
  CollabCloseCode,
  describeCloseCode,
  formatReadOnlyNotice,
  isRetryableCloseCode,
  parseReadOnlyNotice,
  truncateCloseReason,
} from "~/collab/close-codes";
import { formatDocumentName, isDocumentName, parseDocumentName } from "~/collab/document-name";
import { createCollabToken, createRevalidationToken, verifyCollabToken, verifyRevalidationToken } from "~/collab/token";

const SECRET = "unit-secret-unit-secret-unit-secret-0123";
const DOC = "proposal:6f1c2a7e-9d4b-4c1e-8a3f-2b5d7e9f0a1c";

describe("collab tokens", () => {
  const now = Date.UTC(2026, 10, 1, 12);
  const token = createCollabToken({ secret: SECRET, userId: "u1", userName: "Ana", documentName: DOC, access: "read", ttlSeconds: 60, now });

  it("verify for the same secret, document and time window", () => {
    expect(verifyCollabToken(token, { secret: SECRET, documentName: DOC, now: now + 59_000 })).toEqual({
      ok: true,
      claims: { userId: "u1", userName: "Ana", documentName: DOC, access: "read", iat: now / 1000, exp: now / 1000 + 60 },
    });
  });

  it("fail with a typed reason", () => {
    const other = "meeting:6f1c2a7e-9d4b-4c1e-8a3f-2b5d7e9f0a1c";
    const [version, payload, signature] = token.split(".");
    const tampered = `${version}.${Buffer.from(Buffer.from(payload, "base64url").toString().replace('"read"', '"edit"')).toString("base64url")}.${signature}`;
    const check = (t: string, documentName = DOC, at = now) => verifyCollabToken(t, { secret: SECRET, documentName, now: at });
    expect(check(token, DOC, now + 60_000)).toEqual({ ok: false, reason: "expired" });
    expect(check(token, other)).toEqual({ ok: false, reason: "wrong-document" });
    expect(check(tampered)).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyCollabToken(token, { secret: `${SECRET}x`, documentName: DOC, now })).toEqual({ ok: false, reason: "bad-signature" });
    expect(check("garbage")).toEqual({ ok: false, reason: "malformed" });
    expect(check(`${token}.extra`)).toEqual({ ok: false, reason: "malformed" });
  });

  it("keep collab and revalidation tokens apart", () => {
    const revalidation = createRevalidationToken({ secret: SECRET, userId: "u1", now });
    expect(verifyRevalidationToken(revalidation, { secret: SECRET, now: now + 29_000 })).toEqual({
      ok: true,
      claims: { userId: "u1", documentName: undefined, exp: now / 1000 + 30 },
    });
    expect(verifyRevalidationToken(revalidation, { secret: SECRET, now: now + 30_000 })).toEqual({ ok: false, reason: "expired" });
    expect(verifyRevalidationToken(revalidation, { secret: `${SECRET}x`, now })).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyRevalidationToken(token, { secret: SECRET, now })).toEqual({ ok: false, reason: "wrong-type" });
    expect(verifyCollabToken(revalidation, { secret: SECRET, documentName: DOC, now })).toEqual({ ok: false, reason: "wrong-type" });
    // Every socket of one document, or every socket of the server.
    const forDocument = createRevalidationToken({ secret: SECRET, documentName: DOC, now });
    expect(verifyRevalidationToken(forDocument, { secret: SECRET, now })).toMatchObject({ ok: true, claims: { userId: undefined, documentName: DOC } });
    const everyone = createRevalidationToken({ secret: SECRET, now });
    expect(verifyRevalidationToken(everyone, { secret: SECRET, now })).toMatchObject({ ok: true, claims: { userId: undefined, documentName: undefined } });
    expect(() => createRevalidationToken({ secret: SECRET, documentName: "proposal:1" })).toThrow();
  });

  it("refuse short secrets and invalid document names", () => {
    expect(() => createCollabToken({ secret: "short", userId: "u", userName: "U", documentName: DOC, access: "edit" })).toThrow(/32/);
    expect(() => createCollabToken({ secret: SECRET, userId: "u", userName: "U", documentName: "proposal:1", access: "edit" })).toThrow();
  });
});

describe("document names", () => {
  it("parse only the canonical form", () => {
    expect(parseDocumentName(DOC)).toEqual({ kind: "proposal", id: DOC.slice(9) });
    expect(parseDocumentName(DOC.toUpperCase())).toBeNull();
    expect(parseDocumentName("task:6f1c2a7e-9d4b-4c1e-8a3f-2b5d7e9f0a1c")).toBeNull();
    expect(parseDocumentName(`${DOC}:x`)).toBeNull();
    expect(isDocumentName("meeting:")).toBe(false);
    expect(formatDocumentName({ kind: "meeting", id: "6F1C2A7E-9D4B-4C1E-8A3F-2B5D7E9F0A1C" })).toBe(`meeting:${DOC.slice(9)}`);
    expect(() => formatDocumentName({ kind: "meeting", id: "1" })).toThrow();
  });
});

describe("close codes", () => {
  it("tell the browser whether to retry", () => {
    expect(isRetryableCloseCode(CollabCloseCode.ACCESS_REVOKED)).toBe(false);
    expect(isRetryableCloseCode(CollabCloseCode.FORBIDDEN)).toBe(false);
    expect(describeCloseCode(CollabCloseCode.UNAUTHORIZED).action).toBe("reauthenticate");
    expect(isRetryableCloseCode(CollabCloseCode.SHUTTING_DOWN)).toBe(true);
    expect(isRetryableCloseCode(CollabCloseCode.TOO_MANY_CONNECTIONS)).toBe(true);
    expect(isRetryableCloseCode(1006)).toBe(true);
    expect(isRetryableCloseCode(1009)).toBe(false);
    expect(isRetryableCloseCode(4499)).toBe(false);
    expect(describeCloseCode(4409).message).toMatch(/revocó/);
  });

  it("round-trip read-only notices and fit reasons in 123 bytes", () => {
    expect(parseReadOnlyNotice(formatReadOnlyNotice(CollabCloseCode.DOCUMENT_FROZEN))).toBe(4423);
    expect(parseReadOnlyNotice("read-only:9999")).toBeNull();
    expect(parseReadOnlyNotice("Permission denied")).toBeNull();
    const long = truncateCloseReason("ñ".repeat(100));
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(123);
    expect(long).toBe("ñ".repeat(61));
  });
});
