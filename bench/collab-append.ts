/*
 * `npx tsx bench/collab-append.ts`: CPU of the collab store's append (the durable write every
 * relayed edit waits for) on an embedded PGlite data dir in a temporary directory, one update
 * (60 bytes) per batch over 50 documents, as the collab server issues them at ~100 edits/s.
 * Rounds alternate back-to-back appends with appends 10 ms apart (the bench's spacing: caches go
 * cold between edits, which costs more than the back-to-back figure suggests). Prints CPU ms per
 * append for each round. Decision 0070 has the figures.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../app/db/client.server";
import { createDatabaseStore } from "../collab-server/persistence";

const APPENDS = Number(process.env.BENCH_APPENDS ?? 400);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-collab-append-"));
const database = await openDatabase({ dataDir });
try {
  const store = createDatabaseStore(database.db);
  const update = new Uint8Array(60).fill(3);
  const rounds: string[] = [];
  for (const gapMs of [0, 10, 0, 10]) {
    let cpuMicros = 0;
    for (let i = 0; i < APPENDS; i += 1) {
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
      const before = process.cpuUsage();
      await store.append([{ name: `proposal:bench-${i % 50}`, update }]);
      const used = process.cpuUsage(before);
      cpuMicros += used.user + used.system;
    }
    rounds.push(`${gapMs} ms apart: ${(cpuMicros / 1000 / APPENDS).toFixed(3)}`);
  }
  console.log(`append CPU ms per one-update batch (${APPENDS} per round): ${rounds.join("; ")}`);
} finally {
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
