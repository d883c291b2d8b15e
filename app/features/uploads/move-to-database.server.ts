/**
 * The startup step of decision 0072: files uploaded before the database held
 * the bytes are still under this process's DATA_DIR. Each one still referenced
 * by its row is copied into `stored_files` and the row re-pointed in one
 * transaction, then the disk copy is removed. Idempotent, and safe in several
 * processes at once: the row is re-pointed only if it still has no file
 * (`file_id is null`, re-checked under the row lock), otherwise the
 * transaction rolls back and nothing is left behind. A file missing from this
 * DATA_DIR is left alone (another process may hold it) and counted.
 */
import fs from "node:fs/promises";
import { and, asc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Database, DbOrTx } from "~/db/client.server";
import { goalEntries, practiceAttachments, proposalAttachments } from "~/db/schema";
import { legacyPracticeAttachmentPath } from "~/features/practices/attachments.server";
import { MAX_UPLOAD_BYTES } from "~/utils/uploads.server";
import { legacyFilePath, removeLegacyFile, storeFile } from "./stored-files.server.ts";

interface PendingFile {
  id: string;
  legacyPath: string;
  contentType: string;
}

/** One kind of upload: how to list its rows still on disk and how to re-point one. */
interface LegacyKind {
  label: string;
  /** Rows still on disk, by id after `after`; or just the row `only` if it still is. */
  pending(db: DbOrTx, after: string | undefined, limit: number, only?: string): Promise<PendingFile[]>;
  /** Points the row to its stored file if it has none yet; false when it is gone or already moved. */
  attach(tx: DbOrTx, id: string, fileId: string): Promise<boolean>;
}

/** Keyset paging by id: rows left on disk (missing files) are passed over, so the loop ends. */
const after = (column: PgColumn, id: string | undefined, only: string | undefined) => (only ? eq(column, only) : id ? gt(column, id) : undefined);

const KINDS: LegacyKind[] = [
  {
    label: "adjuntos de propuestas",
    async pending(db, last, limit, only) {
      const rows = await db
        .select({ id: proposalAttachments.id, legacyPath: proposalAttachments.storagePath, contentType: proposalAttachments.contentType })
        .from(proposalAttachments)
        .where(and(isNull(proposalAttachments.fileId), isNotNull(proposalAttachments.storagePath), after(proposalAttachments.id, last, only)))
        .orderBy(asc(proposalAttachments.id))
        .limit(limit);
      return rows.map((r) => ({ ...r, legacyPath: r.legacyPath! }));
    },
    async attach(tx, id, fileId) {
      const rows = await tx
        .update(proposalAttachments)
        .set({ fileId, storagePath: null })
        .where(and(eq(proposalAttachments.id, id), isNull(proposalAttachments.fileId)))
        .returning({ id: proposalAttachments.id });
      return rows.length === 1;
    },
  },
  {
    label: "adjuntos de buenas prácticas",
    async pending(db, last, limit, only) {
      const rows = await db
        .select({ id: practiceAttachments.id, practiceId: practiceAttachments.practiceId, contentType: practiceAttachments.contentType })
        .from(practiceAttachments)
        .where(and(isNull(practiceAttachments.fileId), after(practiceAttachments.id, last, only)))
        .orderBy(asc(practiceAttachments.id))
        .limit(limit);
      return rows.map((r) => ({ id: r.id, contentType: r.contentType, legacyPath: legacyPracticeAttachmentPath(r.practiceId, r.id) }));
    },
    async attach(tx, id, fileId) {
      const rows = await tx
        .update(practiceAttachments)
        .set({ fileId })
        .where(and(eq(practiceAttachments.id, id), isNull(practiceAttachments.fileId)))
        .returning({ id: practiceAttachments.id });
      return rows.length === 1;
    },
  },
  {
    label: "respaldos de metas",
    async pending(db, last, limit, only) {
      const rows = await db
        .select({ id: goalEntries.id, legacyPath: goalEntries.filePath, contentType: goalEntries.fileMime })
        .from(goalEntries)
        .where(and(isNull(goalEntries.fileId), isNotNull(goalEntries.filePath), after(goalEntries.id, last, only)))
        .orderBy(asc(goalEntries.id))
        .limit(limit);
      return rows.map((r) => ({ id: r.id, legacyPath: r.legacyPath!, contentType: r.contentType ?? "application/octet-stream" }));
    },
    async attach(tx, id, fileId) {
      const rows = await tx
        .update(goalEntries)
        .set({ fileId, filePath: null })
        .where(and(eq(goalEntries.id, id), isNull(goalEntries.fileId)))
        .returning({ id: goalEntries.id });
      return rows.length === 1;
    },
  },
];

/** Thrown inside the transaction when the row was moved or deleted meanwhile: rolls back the stored copy. */
class AlreadyMoved extends Error {}

export interface MoveResult {
  /** Files copied into the database by this call (their disk copies removed). */
  moved: number;
  /** Rows still pointing to a file this DATA_DIR does not have (or one over the upload limit, left on disk). */
  missing: number;
}

const BATCH = 50;

/**
 * Moves every upload still referenced from `dataDir` into the database, one
 * file at a time (memory stays at one file, at most the upload limit), and
 * logs how many.
 */
export async function moveUploadsToDatabase(db: Database, dataDir: string, log: Pick<Console, "info" | "warn"> = console): Promise<MoveResult> {
  const result: MoveResult = { moved: 0, missing: 0 };
  for (const kind of KINDS) {
    let last: string | undefined;
    for (;;) {
      const batch = await kind.pending(db, last, BATCH);
      if (!batch.length) break;
      last = batch[batch.length - 1].id;
      for (const file of batch) {
        const outcome = await moveOne(db, dataDir, kind, file);
        if (outcome === "moved") result.moved += 1;
        if (outcome === "missing") {
          result.missing += 1;
          log.warn(`[archivos] ${kind.label}: falta ${file.legacyPath} en DATA_DIR; se sigue leyendo desde el disco de quien lo tenga`);
        }
      }
    }
  }
  log.info(`[archivos] ${result.moved} archivo(s) movidos de DATA_DIR a la base de datos${result.missing ? `; ${result.missing} no están en este DATA_DIR` : ""}`);
  return result;
}

async function moveOne(db: Database, dataDir: string, kind: LegacyKind, file: PendingFile): Promise<"moved" | "missing" | "skipped"> {
  const full = legacyFilePath(file.legacyPath, dataDir);
  if (!full) return "missing";
  let bytes: Uint8Array;
  try {
    // Every stored file passed the upload check; anything larger on disk is not ours to load.
    if ((await fs.stat(full)).size > MAX_UPLOAD_BYTES) return "missing";
    const buffer = await fs.readFile(full);
    bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    // Another process sharing this DATA_DIR may have just moved it.
    return (await kind.pending(db, undefined, 1, file.id)).length ? "missing" : "skipped";
  }
  try {
    await db.transaction(async (tx) => {
      const fileId = await storeFile(tx, bytes, file.contentType);
      if (!(await kind.attach(tx, file.id, fileId))) throw new AlreadyMoved();
    });
  } catch (error) {
    if (error instanceof AlreadyMoved) return "skipped";
    throw error;
  }
  await removeLegacyFile(file.legacyPath, dataDir);
  return "moved";
}
