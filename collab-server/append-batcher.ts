import * as Y from "yjs";
import type { DocumentStore } from "./persistence";
import type { StoreLane } from "./store-lane";

/*
 * Coalesces the appends of many documents into one store statement (group
 * commit), and the updates of one document in a batch into one log row.
 *
 * Guarantee: every `append` resolves with its own log id or rejects with the
 * batch's error (the caller keeps its changes and retries); entries queued
 * while a batch is being written go into the next batch, so a burst of
 * documents reaching their max wait together costs one or two statements,
 * not one per document.
 */

interface Waiting {
  name: string;
  update: Uint8Array;
  resolve(id: number): void;
  reject(error: unknown): void;
}

export class AppendBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly store: DocumentStore,
    private readonly lane: StoreLane,
    /** Keeps a statement well under PostgreSQL's 65535 parameters. */
    private readonly maxBatch = 1_000,
    /**
     * Extra wait before a batch starts. 0 on the relay path (nobody waits on a timer); the
     * write-behind of journalled edits, which nobody waits on, takes a few ms to commit fewer, larger batches.
     */
    private readonly delayMs = 0,
  ) {}

  append(name: string, update: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.waiting.push({ name, update, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.delayMs > 0) setTimeout(() => this.start(), this.delayMs);
    else this.start();
  }

  private start(): void {
    // The lane starts us on a later turn of the event loop: appends made in this one join the batch.
    this.lane
      .run(async () => {
        this.scheduled = false;
        const batch = this.waiting.splice(0, this.maxBatch);
        if (this.waiting.length > 0) this.schedule();
        try {
          const byDocument = new Map<string, Waiting[]>();
          for (const entry of batch) byDocument.set(entry.name, [...(byDocument.get(entry.name) ?? []), entry]);
          const rows = [...byDocument].map(([name, entries]) => ({
            name,
            update: entries.length === 1 ? entries[0].update : Y.mergeUpdates(entries.map((entry) => entry.update)),
          }));
          const ids = await this.store.append(rows);
          [...byDocument.values()].forEach((entries, i) => entries.forEach((entry) => entry.resolve(ids[i])));
        } catch (error) {
          batch.forEach((entry) => entry.reject(error));
        }
      })
      .catch(() => undefined);
  }
}
