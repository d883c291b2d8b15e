import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DatabaseHandle } from "~/db/client.server";
import { createDatabaseStore } from "../../../collab-server/persistence";
import { createTestDatabase } from "../../setup/db";
import { loadStored, newDocumentName } from "./helpers";

/*
 * The group-commit append (the hot path of durable-before-relay): on PGlite one wire-protocol
 * call with prepared statements, on PostgreSQL one statement (named per shape). Whatever the
 * engine (TEST_DATABASE_URL picks PostgreSQL), a batch commits whole or not at all, survives
 * a session that lost its prepared statements, and never lands in someone else's transaction.
 */

const edit = (text: string) => {
  const doc = new Y.Doc();
  doc.getText("body").insert(0, text);
  return Y.encodeStateAsUpdate(doc);
};

async function logRows(handle: DatabaseHandle, name: string): Promise<number> {
  const result = await handle.db.execute(sql`select count(*)::int as n from collab_updates where name = ${name}`);
  return Number((result as unknown as { rows: { n: number }[] }).rows[0].n);
}

describe("collab store: append", () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("stores each update byte for byte with increasing ids, creating the document row", async () => {
    const store = createDatabaseStore(handle.db);
    const [a, b] = [newDocumentName(), newDocumentName()];
    const updates = [edit("á€ uno"), edit("dos"), edit("tres ".repeat(2_000))];
    const ids = await store.append([
      { name: a, update: updates[0] },
      { name: b, update: updates[1] },
      { name: a, update: updates[2] },
    ]);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBeLessThan(ids[1]);
    expect(ids[1]).toBeLessThan(ids[2]);
    const storedA = await store.load(a);
    expect(storedA?.logIds).toEqual([ids[0], ids[2]]);
    // Snapshot first (the empty state the append created), then the log in order.
    expect(storedA?.updates.slice(1).map((u) => Buffer.from(u).toString("hex"))).toEqual(
      [updates[0], updates[2]].map((u) => Buffer.from(u).toString("hex")),
    );
    // Two unrelated inserts at 0: Yjs orders them by client id, either way round.
    const text = (await loadStored(handle, a)).getText("body").toString();
    expect([`á€ uno${"tres ".repeat(2_000)}`, `${"tres ".repeat(2_000)}á€ uno`]).toContain(text);
    const documents = await handle.db.execute(sql`select name from collab_documents where name in (${a}, ${b}) order by name`);
    expect((documents as unknown as { rows: { name: string }[] }).rows.map((row) => row.name)).toEqual([a, b].sort());
  });

  it("a batch with one failing update stores none of it, and the next batch goes through", async () => {
    const store = createDatabaseStore(handle.db);
    const [good, bad] = [newDocumentName(), newDocumentName()];
    await handle.db.execute(sql.raw(`alter table collab_updates add constraint test_refuse_one check (name <> '${bad}')`));
    try {
      await expect(
        store.append([
          { name: good, update: edit("antes") },
          { name: bad, update: edit("rechazada") },
        ]),
      ).rejects.toThrow();
      expect(await logRows(handle, good)).toBe(0);
    } finally {
      await handle.db.execute(sql.raw(`alter table collab_updates drop constraint test_refuse_one`));
    }
    await store.append([{ name: good, update: edit("después") }]);
    expect(await logRows(handle, good)).toBe(1);
  });

  it("keeps working when the session's prepared statements are gone, and with several stores on one database", async () => {
    const name = newDocumentName();
    const first = createDatabaseStore(handle.db);
    const second = createDatabaseStore(handle.db);
    await Promise.all([first.append([{ name, update: edit("uno") }]), second.append([{ name, update: edit("dos") }])]);
    await handle.db.execute(sql`deallocate all`);
    await first.append([{ name, update: edit("tres") }]);
    await second.append([{ name, update: edit("cuatro") }]);
    expect(await logRows(handle, name)).toBe(4);
  });

  it("waits for a transaction in progress instead of joining it: a rolled-back transaction takes no update with it", async () => {
    const store = createDatabaseStore(handle.db);
    const name = newDocumentName();
    let appended: Promise<number[]> | undefined;
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        appended = store.append([{ name, update: edit("fuera de la transacción") }]);
        // Give the append every chance to run now (it must not run inside this transaction).
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    await appended;
    expect(await logRows(handle, name)).toBe(1);
  });
});
