/*
 * Recent revocations, so a still-valid token cannot undo them.
 *
 * Guarantee: after `record(user, document?, access)`, a connection whose
 * identity was issued before that moment (a signed token carries its issue
 * time) is refused (access null) or connected read-only ("read") — for as
 * long as such a token can live (`retainMs`, longer than any token TTL).
 * Identities without an issue time (session lookups in the portal, which read
 * the current permissions) are not affected.
 */

interface Revocation {
  userId: string;
  documentName?: string;
  access: "read" | null;
  at: number;
}

export type RevocationVerdict = "ok" | "read" | "revoked";

export class RevocationList {
  private entries: Revocation[] = [];

  constructor(private readonly retainMs = 15 * 60_000) {}

  record(userId: string, documentName: string | undefined, access: "read" | null, now = Date.now()): void {
    this.entries = this.entries.filter((entry) => now - entry.at < this.retainMs);
    this.entries.push({ userId, documentName, access, at: now });
  }

  check(userId: string, documentName: string, issuedAtMs: number | undefined): RevocationVerdict {
    if (issuedAtMs === undefined) return "ok";
    let verdict: RevocationVerdict = "ok";
    for (const entry of this.entries) {
      const applies = entry.userId === userId && (entry.documentName === undefined || entry.documentName === documentName);
      if (!applies || entry.at < issuedAtMs) continue;
      if (entry.access === null) return "revoked";
      verdict = "read";
    }
    return verdict;
  }
}
