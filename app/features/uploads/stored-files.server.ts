/**
 * Where uploaded files live (decision 0072): their bytes in the database
 * (`stored_files`), so every portal process serves every file, on PGlite and
 * PostgreSQL alike. One module for the three kinds (proposal and practice
 * attachments, goal evidence): the owning row keeps the name, type and
 * permissions and points to its bytes with `file_id`; it writes and deletes
 * them in its own transaction, so a file never exists without its row.
 *
 * Rows from before the database held the bytes may still point to a file under
 * DATA_DIR (`legacyPath`) until the startup step moves it
 * (move-to-database.server.ts); reads fall back to the disk meanwhile.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { storedFiles } from "~/db/schema";
import { getEnv } from "~/env.server";
import { MAX_UPLOAD_BYTES } from "~/utils/uploads.server";

/** Downloads read the bytes in slices of this size: memory per download stays bounded, whatever the file. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** The folders under DATA_DIR that held uploads before decision 0072; nothing else is ever read from disk. */
export const LEGACY_UPLOAD_FOLDERS = ["practices", "proposal-attachments", "goal-evidence"] as const;

/** A file ready to be sent: its exact size (Content-Length) and its bytes, whole or as a stream of slices. */
export interface FileBody {
  size: number;
  body: Uint8Array | ReadableStream<Uint8Array>;
}

/** Where an owning row's bytes are: in the database (`fileId`) or, not yet moved, under DATA_DIR. */
export interface UploadLocation {
  fileId: string | null;
  legacyPath: string | null;
}

/**
 * Stores checked bytes (the caller ran the shared upload check) and returns
 * the new file's id. Call inside the transaction that writes the owning row.
 */
export async function storeFile(tx: DbOrTx, bytes: Uint8Array, contentType: string): Promise<string> {
  // The upload check already refused anything larger; this guards the memory-bounded reads below.
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new Error(`archivo de ${bytes.byteLength} bytes sobre el máximo de ${MAX_UPLOAD_BYTES}`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const [row] = await tx
    .insert(storedFiles)
    .values({ sha256, size: bytes.byteLength, contentType, bytes: sql`decode(${toBase64(bytes)}, 'base64')` })
    .returning({ id: storedFiles.id });
  return row.id;
}

/** Deletes stored files (ids that are null are skipped). Call in the transaction that deletes or re-points the owning rows. */
export async function deleteStoredFiles(tx: DbOrTx, ids: readonly (string | null | undefined)[]): Promise<void> {
  const present = ids.filter((id): id is string => Boolean(id));
  if (present.length) await tx.delete(storedFiles).where(inArray(storedFiles.id, present));
}

/*
 * The bytes cross the driver as base64 text (decode/encode run in the
 * database): PGlite's own bytea conversion goes byte by byte in JavaScript
 * (a 10 MB file took ~6 s to store and ~3 s to read), while Node's base64 is
 * native (~2 s and ~0.3 s on PGlite). node-postgres takes the same path, so
 * both engines run the same code.
 */
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
const fromBase64 = (text: string) => {
  const buffer = Buffer.from(text, "base64");
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
};
const slice = (from: number) => sql<string>`encode(substring(${storedFiles.bytes} from ${from + 1} for ${READ_CHUNK_BYTES}), 'base64')`.mapWith(fromBase64);

/**
 * Opens a stored file for a download. A file up to one slice comes back whole;
 * a larger one as a stream that reads the next slice only when the response
 * has sent the previous one. Stored files never change, so the slices always
 * belong together; if the file is deleted mid-download the stream fails and
 * the client sees a short response (its Content-Length says so).
 */
export async function openStoredFile(db: DbOrTx, id: string): Promise<FileBody | undefined> {
  const [head] = await db.select({ size: storedFiles.size, chunk: slice(0) }).from(storedFiles).where(eq(storedFiles.id, id));
  if (!head) return undefined;
  if (head.chunk.byteLength >= head.size) return { size: head.size, body: head.chunk };
  let offset = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(head.chunk);
        offset = head.chunk.byteLength;
      },
      async pull(controller) {
        const [next] = await db.select({ chunk: slice(offset) }).from(storedFiles).where(eq(storedFiles.id, id));
        if (!next || next.chunk.byteLength === 0) {
          controller.error(new Error(`el archivo ${id} dejó de existir durante la descarga`));
          return;
        }
        controller.enqueue(next.chunk);
        offset += next.chunk.byteLength;
        if (offset >= head.size) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
  return { size: head.size, body };
}

/** The bytes of an upload, wherever they are; undefined when they are gone. */
export async function openUpload(db: DbOrTx, location: UploadLocation): Promise<FileBody | undefined> {
  if (location.fileId) return openStoredFile(db, location.fileId);
  if (location.legacyPath) return readLegacyFile(location.legacyPath);
  return undefined;
}

/** An absolute path inside one of the legacy upload folders of DATA_DIR, or undefined for anything else. */
export function legacyFilePath(relativePath: string, dataDir = getEnv().dataDir): string | undefined {
  const full = path.resolve(dataDir, relativePath);
  const inside = LEGACY_UPLOAD_FOLDERS.some((folder) => full.startsWith(path.join(path.resolve(dataDir), folder) + path.sep));
  return inside ? full : undefined;
}

/** Reads a not-yet-moved file whole (it passed the upload check, so it is at most MAX_UPLOAD_BYTES). */
export async function readLegacyFile(relativePath: string, dataDir = getEnv().dataDir): Promise<FileBody | undefined> {
  const full = legacyFilePath(relativePath, dataDir);
  if (!full) return undefined;
  try {
    const bytes = await fs.readFile(full);
    return { size: bytes.byteLength, body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Removes a legacy file (already moved, or its row deleted) and its folder when that is left empty. */
export async function removeLegacyFile(relativePath: string | null | undefined, dataDir = getEnv().dataDir): Promise<void> {
  const full = relativePath ? legacyFilePath(relativePath, dataDir) : undefined;
  if (!full) return;
  await fs.rm(full, { force: true });
  await fs.rmdir(path.dirname(full)).catch(() => undefined);
}
