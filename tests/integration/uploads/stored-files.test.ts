import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "~/db/client.server";
import { goalEntries, goals, practiceAttachments, practices, proposalAttachments, storedFiles } from "~/db/schema";
import { loadGoalIndicators } from "~/features/goals/indicators.server";
import { readAttachment } from "~/features/practices/attachments.server";
import { readProposalAttachment } from "~/features/proposals/attachments.server";
import { moveUploadsToDatabase } from "~/features/uploads/move-to-database.server";
import { deleteStoredFiles, openStoredFile, openUpload, READ_CHUNK_BYTES, storeFile, type FileBody } from "~/features/uploads/stored-files.server";
import { MAX_UPLOAD_BYTES, uploadedFileResponse } from "~/utils/uploads.server";
import { createNubleWorld } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { testDatabaseKind } from "../../setup/db";
import { createCall, createProposal } from "../proposals/fixtures";

/*
 * Decision 0072 on the real engine of this pass (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): uploads are stored in the database and read back in
 * slices; files left under DATA_DIR by older versions are served from disk
 * until the startup step moves them, once, even with two movers at a time.
 */

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const PDF_HEAD = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const quiet = { info() {}, warn() {} };

/** Reads a FileBody whole, the way a response would send it. */
async function bytesOf(file: FileBody | undefined): Promise<Uint8Array | undefined> {
  if (!file) return undefined;
  return new Uint8Array(await new Response(file.body as Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>).arrayBuffer());
}

/** Byte-for-byte comparison (toEqual walks a megabyte element by element, for seconds). */
function expectSame(actual: Uint8Array | undefined, expected: Uint8Array) {
  expect(actual, "no file").toBeDefined();
  expect(actual!.byteLength).toBe(expected.byteLength);
  expect(Buffer.from(actual!).equals(Buffer.from(expected))).toBe(true);
}

function pdfOf(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set(PDF_HEAD);
  return bytes;
}

describe(`stored files (${testDatabaseKind()})`, () => {
  let ctx: Ctx;
  let db: DatabaseHandle["db"];
  let world: Awaited<ReturnType<typeof createNubleWorld>>;
  let proposalId: string;
  let practiceId: string;
  let goalId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    db = ctx.handle.db;
    world = await createNubleWorld(db);
    const call = await createCall(db, world.nc.id);
    proposalId = (await createProposal(db, world.network.id, call.id)).id;
    practiceId = (await db.insert(practices).values({ slug: `p-${randomBytes(3).toString("hex")}`, title: "Práctica con adjuntos" }).returning())[0].id;
    await loadGoalIndicators(db);
    goalId = (
      await db
        .insert(goals)
        .values({ networkId: world.network.id, year: 2026, unit: "personas", periodStart: "2026-01-01", periodEnd: "2026-12-31", title: "Colocados", indicatorSlug: "colocados", target: 10 })
        .returning()
    )[0].id;
  });
  afterAll(async () => ctx.close());

  it("stores bytes with their size, type and SHA-256 and reads them back whole when they fit one slice", async () => {
    const bytes = pdfOf(1000);
    const id = await db.transaction((tx) => storeFile(tx, bytes, "application/pdf"));
    const [row] = await db.select({ size: storedFiles.size, contentType: storedFiles.contentType, sha256: storedFiles.sha256 }).from(storedFiles).where(eq(storedFiles.id, id));
    expect(row).toEqual({ size: 1000, contentType: "application/pdf", sha256: (await import("node:crypto")).createHash("sha256").update(bytes).digest("hex") });
    const file = await openStoredFile(db, id);
    expect(file!.size).toBe(1000);
    expect(file!.body).toBeInstanceOf(Uint8Array);
    expectSame(await bytesOf(file), bytes);
  });

  it("streams a file larger than a slice in order, with Content-Length, reading the next slice only when asked", async () => {
    // The largest file the upload check lets through: ten full slices.
    const bytes = pdfOf(MAX_UPLOAD_BYTES);
    const id = await db.transaction((tx) => storeFile(tx, bytes, "application/pdf"));
    const file = (await openStoredFile(db, id))!;
    expect(file.size).toBe(MAX_UPLOAD_BYTES);
    expect(file.body).toBeInstanceOf(ReadableStream);
    const response = uploadedFileResponse(file, { contentType: "application/pdf", filename: "informe final.pdf" });
    expect(response.headers.get("content-length")).toBe(String(MAX_UPLOAD_BYTES));
    expect(response.headers.get("content-disposition")).toBe("inline; filename*=UTF-8''informe%20final.pdf");
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.length).toBe(MAX_UPLOAD_BYTES / READ_CHUNK_BYTES);
    expect(Math.max(...chunks.map((c) => c.byteLength))).toBe(READ_CHUNK_BYTES);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });

  it("refuses to store more than the upload limit, and deletes only what it is asked to", async () => {
    await expect(db.transaction((tx) => storeFile(tx, new Uint8Array(MAX_UPLOAD_BYTES + 1), "application/pdf"))).rejects.toThrow(/sobre el máximo/);
    const keep = await db.transaction((tx) => storeFile(tx, pdfOf(100), "application/pdf"));
    const drop = await db.transaction((tx) => storeFile(tx, pdfOf(100), "application/pdf"));
    await db.transaction((tx) => deleteStoredFiles(tx, [drop, null, undefined]));
    expect(await openStoredFile(db, drop)).toBeUndefined();
    expect(await bytesOf(await openStoredFile(db, keep))).toHaveLength(100);
    // A referenced file cannot be deleted behind its row's back.
    const referenced = await db.transaction(async (tx) => {
      const fileId = await storeFile(tx, pdfOf(100), "application/pdf");
      await tx.insert(practiceAttachments).values({ practiceId, filename: "x.pdf", contentType: "application/pdf", size: 100, fileId });
      return fileId;
    });
    await expect(db.transaction((tx) => deleteStoredFiles(tx, [referenced]))).rejects.toThrow();
    expect(await openStoredFile(db, referenced)).toBeDefined();
  });

  describe("files left under DATA_DIR by older versions", () => {
    /** Rows of the three kinds pointing to files on disk, as before decision 0072. */
    async function legacyRows(dataDir: string) {
      const write = (relative: string, bytes: Uint8Array) => {
        fs.mkdirSync(path.dirname(path.join(dataDir, relative)), { recursive: true });
        fs.writeFileSync(path.join(dataDir, relative), bytes);
        return relative;
      };
      const proposalBytes = pdfOf(3000);
      const [proposalRow] = await db
        .insert(proposalAttachments)
        .values({ proposalId, requirement: "otro", filename: "carta.pdf", contentType: "application/pdf", size: proposalBytes.byteLength, storagePath: "pending" })
        .returning();
      const storagePath = write(`proposal-attachments/${proposalId}/${proposalRow.id}`, proposalBytes);
      await db.update(proposalAttachments).set({ storagePath }).where(eq(proposalAttachments.id, proposalRow.id));

      const practiceBytes = pdfOf(READ_CHUNK_BYTES + 5);
      const [practiceRow] = await db.insert(practiceAttachments).values({ practiceId, filename: "informe.pdf", contentType: "application/pdf", size: practiceBytes.byteLength }).returning();
      write(`practices/${practiceId}/${practiceRow.id}`, practiceBytes);

      const evidenceBytes = new TextEncoder().encode("rut;nombre\n1-9;Ana\n");
      const [entry] = await db
        .insert(goalEntries)
        .values({ goalId, networkId: world.network.id, organizationId: world.sanCarlos.id, value: 1, occurredOn: "2026-03-01", fileName: "nomina.txt", fileMime: "text/plain", fileSize: evidenceBytes.byteLength })
        .returning();
      const filePath = write(`goal-evidence/${entry.id}/${randomBytes(8).toString("hex")}`, evidenceBytes);
      await db.update(goalEntries).set({ filePath }).where(eq(goalEntries.id, entry.id));
      return {
        proposal: { id: proposalRow.id, bytes: proposalBytes, path: storagePath },
        practice: { id: practiceRow.id, bytes: practiceBytes, path: `practices/${practiceId}/${practiceRow.id}` },
        evidence: { id: entry.id, bytes: evidenceBytes, path: filePath },
      };
    }

    async function locations(rows: Awaited<ReturnType<typeof legacyRows>>) {
      const [p] = await db.select().from(proposalAttachments).where(eq(proposalAttachments.id, rows.proposal.id));
      const [a] = await db.select().from(practiceAttachments).where(eq(practiceAttachments.id, rows.practice.id));
      const [e] = await db.select().from(goalEntries).where(eq(goalEntries.id, rows.evidence.id));
      return { proposal: { fileId: p.fileId, legacyPath: p.storagePath }, practice: { fileId: a.fileId }, evidence: { fileId: e.fileId, legacyPath: e.filePath } };
    }

    const storedCount = async () => (await db.select({ id: storedFiles.id }).from(storedFiles)).length;

    it("serves them from disk until moved; the move copies each once, empties the disk, logs how many and is idempotent", async () => {
      const rows = await legacyRows(ctx.dataDir);
      // Before the move: the features read the disk.
      expectSame(await bytesOf((await readProposalAttachment(db, proposalId, rows.proposal.id))?.file), rows.proposal.bytes);
      expectSame(await bytesOf((await readAttachment(db, practiceId, rows.practice.id))?.file), rows.practice.bytes);
      expectSame(await bytesOf(await openUpload(db, { fileId: null, legacyPath: rows.evidence.path })), rows.evidence.bytes);

      const before = await storedCount();
      const logged: string[] = [];
      const result = await moveUploadsToDatabase(db, ctx.dataDir, { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) });
      expect(result).toEqual({ moved: 3, missing: 0 });
      expect(logged).toEqual(["[archivos] 3 archivo(s) movidos de DATA_DIR a la base de datos"]);
      expect(await storedCount()).toBe(before + 3);

      const moved = await locations(rows);
      expect(moved.proposal).toEqual({ fileId: expect.any(String), legacyPath: null });
      expect(moved.practice.fileId).toEqual(expect.any(String));
      expect(moved.evidence).toEqual({ fileId: expect.any(String), legacyPath: null });
      for (const kind of ["proposal", "practice", "evidence"] as const) {
        expect(fs.existsSync(path.join(ctx.dataDir, rows[kind].path))).toBe(false);
        expect(fs.existsSync(path.dirname(path.join(ctx.dataDir, rows[kind].path)))).toBe(false);
        expectSame(await bytesOf(await openStoredFile(db, moved[kind].fileId!)), rows[kind].bytes);
      }
      // The type recorded with the row travels with the bytes.
      const [evidenceFile] = await db.select({ contentType: storedFiles.contentType, size: storedFiles.size }).from(storedFiles).where(eq(storedFiles.id, moved.evidence.fileId!));
      expect(evidenceFile).toEqual({ contentType: "text/plain", size: rows.evidence.bytes.byteLength });
      // The features now read the database.
      expectSame(await bytesOf((await readProposalAttachment(db, proposalId, rows.proposal.id))?.file), rows.proposal.bytes);

      expect(await moveUploadsToDatabase(db, ctx.dataDir, quiet)).toEqual({ moved: 0, missing: 0 });
      expect(await storedCount()).toBe(before + 3);
    });

    it("two movers at once (two connections on PostgreSQL) move each file exactly once and leave no stray copy", async () => {
      const rows = await legacyRows(ctx.dataDir);
      const before = await storedCount();
      // A second process on the same database: its own connection pool on PostgreSQL; PGlite has one connection per process.
      const second = ctx.handle.kind === "postgres" ? await openDatabase({ databaseUrl: ctx.handle.pgPool!.options.connectionString as string, migrate: false }) : undefined;
      try {
        const results = await Promise.all([moveUploadsToDatabase(db, ctx.dataDir, quiet), moveUploadsToDatabase(second?.db ?? db, ctx.dataDir, quiet)]);
        expect(results[0].moved + results[1].moved).toBe(3);
        expect(results[0].missing + results[1].missing).toBe(0);
      } finally {
        await second?.close();
      }
      expect(await storedCount()).toBe(before + 3);
      const moved = await locations(rows);
      for (const kind of ["proposal", "practice", "evidence"] as const) {
        expectSame(await bytesOf(await openStoredFile(db, moved[kind].fileId!)), rows[kind].bytes);
        expect(fs.existsSync(path.join(ctx.dataDir, rows[kind].path))).toBe(false);
      }
    });

    it("leaves a row whose file this DATA_DIR does not have, counts it, and moves it from the process that has it", async () => {
      const rows = await legacyRows(ctx.dataDir);
      // Portal B's DATA_DIR is empty: it can move nothing, and says so.
      const otherDir = fs.mkdtempSync(path.join(path.dirname(ctx.dataDir), "redomil-other-"));
      try {
        const warnings: string[] = [];
        const result = await moveUploadsToDatabase(db, otherDir, { info() {}, warn: (m: string) => warnings.push(m) });
        expect(result).toEqual({ moved: 0, missing: 3 });
        expect(warnings).toHaveLength(3);
        expect(warnings[0]).toMatch(/^\[archivos\] .*: falta .* en DATA_DIR/);
      } finally {
        fs.rmSync(otherDir, { recursive: true, force: true });
      }
      expect(await locations(rows)).toMatchObject({ proposal: { fileId: null }, practice: { fileId: null }, evidence: { fileId: null } });
      // Portal A, which holds them, moves them at its next start.
      expect(await moveUploadsToDatabase(db, ctx.dataDir, quiet)).toEqual({ moved: 3, missing: 0 });
    });

    it("never reads outside the upload folders of DATA_DIR", async () => {
      fs.writeFileSync(path.join(ctx.dataDir, "auth-secret"), "secreto");
      expect(await openUpload(db, { fileId: null, legacyPath: "auth-secret" })).toBeUndefined();
      expect(await openUpload(db, { fileId: null, legacyPath: "goal-evidence/../auth-secret" })).toBeUndefined();
      expect(await openUpload(db, { fileId: null, legacyPath: "/etc/passwd" })).toBeUndefined();
      expect(await openUpload(db, { fileId: null, legacyPath: "goal-evidence/no-existe" })).toBeUndefined();
    });
  });
});
