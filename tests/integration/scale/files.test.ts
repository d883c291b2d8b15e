import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openDatabase } from "~/db/client.server";
import { proposalAttachments, proposals } from "~/db/schema";
import { startPortal, type Portal } from "../../e2e/support/portal";
import { createEmptyDatabase, ensureBuilt, redisPrefix, spawnPortal, waitHealthy, type PortalProcess } from "./support";
import { httpLogin } from "../../setup/http-login";

/*
 * Issue 10, point 7 with real processes (decision 0072): uploads live in the
 * database, so a file uploaded through one portal downloads from another
 * (PostgreSQL only: PGlite is one process), and a file an older version left
 * under DATA_DIR keeps downloading and is moved into the database when the
 * portal starts (both engines).
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const DRAFT_TITLE = "Ruta del empleo rural de Punilla";
const LEAD = "omil.sancarlos@demo.redomil.cl";

/** A PDF (by its signature) of `size` random bytes: over one 1 MB read slice, so the download streams. */
function pdfOf(size: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set(new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\n"));
  return bytes;
}

function demoPasswords(output: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of output.matchAll(/\[demo\]\s+\S+\s+(\S+@\S+)\s+contraseña: ([\w-]+)/g)) found[match[1]] = match[2];
  return found;
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function download(baseUrl: string, proposalId: string, attachmentId: string, cookie?: string) {
  return fetch(`${baseUrl}/propuestas/${proposalId}/adjuntos/${attachmentId}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

describe("uploaded files across processes", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it.skipIf(!adminUrl)("an attachment uploaded through portal A's form downloads from portal B byte for byte", async () => {
    ensureBuilt();
    const database = await createEmptyDatabase(adminUrl!, "scale_files");
    cleanups.push(database.drop);
    const redis = redisPrefix();
    cleanups.push(redis.cleanup);
    // Each portal has its own DATA_DIR: nothing is shared through the disk.
    const a: PortalProcess = await spawnPortal(database.url, redis.prefix, { SEED_DEMO: "1" });
    cleanups.push(() => a.stop());
    await waitHealthy(a);
    const b: PortalProcess = await spawnPortal(database.url, redis.prefix, { SEED_DEMO: "1" });
    cleanups.push(() => b.stop());
    await waitHealthy(b);
    expect(a.dataDir).not.toBe(b.dataDir);

    const passwords = demoPasswords(a.output() + b.output());
    expect(passwords[LEAD]).toBeTruthy();
    const cookie = await httpLogin(a.baseUrl, LEAD, passwords[LEAD]);
    const [proposal] = await query<{ id: string }>(database.url, "select id from proposals where title = $1", [DRAFT_TITLE]);

    const bytes = pdfOf(2 * 1024 * 1024 + 12345);
    const form = new FormData();
    form.append("intent", "attach");
    form.append("requirement", "otro");
    form.append("attachment", new File([bytes], "carta de compromiso.pdf", { type: "application/octet-stream" }));
    const upload = await fetch(`${a.baseUrl}/propuestas/${proposal.id}`, { method: "POST", body: form, headers: { cookie, origin: a.baseUrl }, redirect: "manual" });
    expect(upload.status).toBe(302);
    const [attachment] = await query<{ id: string; file_id: string | null; storage_path: string | null }>(
      database.url,
      "select id, file_id, storage_path from proposal_attachments where proposal_id = $1",
      [proposal.id],
    );
    expect(attachment.file_id).toEqual(expect.any(String));
    expect(attachment.storage_path).toBeNull();

    const fromB = await download(b.baseUrl, proposal.id, attachment.id, cookie);
    expect(fromB.status).toBe(200);
    expect(fromB.headers.get("content-type")).toBe("application/pdf");
    expect(fromB.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(fromB.headers.get("content-disposition")).toBe("inline; filename*=UTF-8''carta%20de%20compromiso.pdf");
    expect(fromB.headers.get("x-content-type-options")).toContain("nosniff");
    expect(Buffer.from(await fromB.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    // Same permission checks on either process: no session, no file.
    expect((await download(b.baseUrl, proposal.id, attachment.id)).status).not.toBe(200);
    // Neither portal wrote the file to its own disk.
    for (const portal of [a, b]) expect(fs.existsSync(path.join(portal.dataDir, "proposal-attachments"))).toBe(false);
  });

  it(`a file an older version left under DATA_DIR downloads, and moves into the database at the next start (${adminUrl ? "PostgreSQL" : "PGlite"})`, async () => {
    ensureBuilt();
    let databaseUrl: string | undefined;
    if (adminUrl) {
      const database = await createEmptyDatabase(adminUrl, "scale_files_legacy");
      cleanups.push(database.drop);
      databaseUrl = database.url;
    }
    const portal: Portal = await startPortal({ env: { SEARCH_DISABLED: "1", SEED_DEMO: "1", ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) } });
    cleanups.push(async () => {
      await portal.stop();
      fs.rmSync(portal.dataDir, { recursive: true, force: true });
    });
    expect(portal.output()).toContain("[archivos] 0 archivo(s) movidos de DATA_DIR a la base de datos");
    await portal.stop();

    // What an older version left behind: the row points to a file under DATA_DIR (PGlite opens only while the portal is stopped).
    const bytes = pdfOf(1024 * 1024 + 7);
    const handle = await openDatabase(databaseUrl ? { databaseUrl, migrate: false } : { dataDir: portal.dataDir, migrate: false });
    let proposalId: string;
    let attachmentId: string;
    try {
      const [proposal] = await handle.db.select({ id: proposals.id }).from(proposals).where(eq(proposals.title, DRAFT_TITLE));
      proposalId = proposal.id;
      attachmentId = crypto.randomUUID();
      const storagePath = `proposal-attachments/${proposalId}/${attachmentId}`;
      fs.mkdirSync(path.dirname(path.join(portal.dataDir, storagePath)), { recursive: true });
      fs.writeFileSync(path.join(portal.dataDir, storagePath), bytes);
      await handle.db.insert(proposalAttachments).values({ id: attachmentId, proposalId, requirement: "otro", filename: "antigua.pdf", contentType: "application/pdf", size: bytes.byteLength, storagePath });
    } finally {
      await handle.close();
    }

    await portal.restart();
    expect(portal.output()).toContain("[archivos] 1 archivo(s) movidos de DATA_DIR a la base de datos");
    expect(fs.existsSync(path.join(portal.dataDir, "proposal-attachments", proposalId, attachmentId))).toBe(false);
    const cookie = await httpLogin(portal.baseUrl, LEAD, portal.demoPasswords[LEAD]);
    const response = await download(portal.baseUrl, proposalId, attachmentId, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });
});
