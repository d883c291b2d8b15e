import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DatabaseHandle } from "~/db/client.server";
import { budgetArray, budgetNeedsUpgrade, cellText, readBudget } from "~/editor/budget-doc";
import { collabAccess } from "~/features/features.server";
import { createDatabaseStore } from "../../../collab-server/persistence";
import { createTestDatabase } from "../../setup/db";
import { connectClient, loadStored, newDocumentName, startServer, waitFor, type TestClient } from "../collab/helpers";

/*
 * A proposal stored while budget cells were plain strings: the real collab
 * server upgrades it when it loads it (the proposal kind's `upgrade`), stores
 * the upgrade, and clients co-type in the upgraded cells (decision 0120).
 */

describe("budget documents stored in the old shape", () => {
  let handle: DatabaseHandle;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await handle.close();
  });

  it("upgrades them on load, stores the upgrade, and the cells then merge as text", async () => {
    const name = newDocumentName("proposal");
    const old = new Y.Doc();
    const row = new Y.Map<string>();
    row.set("item", "Arriendo de vehículo");
    row.set("description", "Rondas quincenales");
    row.set("amount", "3.600.000");
    old.getArray("budget").push([row]);
    await createDatabaseStore(handle.db).append([{ name, update: Y.encodeStateAsUpdate(old) }]);

    const server = await startServer(handle, { upgrade: (documentName, doc) => collabAccess.runUpgrade(documentName, doc) });
    const a = await connectClient(server.url, name, { userId: "a" });
    const b = await connectClient(server.url, name, { userId: "b" });
    clients.push(a, b);
    await Promise.all([a.synced(), b.synced()]);
    for (const client of [a, b]) {
      expect(budgetNeedsUpgrade(client.doc)).toBe(false);
      expect(readBudget(client.doc)).toEqual([{ item: "Arriendo de vehículo", description: "Rondas quincenales", amount: "3.600.000" }]);
    }
    // Both type in the same upgraded cell at once.
    cellText(budgetArray(a.doc).get(0), "description")!.insert("Rondas quincenales".length, " en Punilla");
    cellText(budgetArray(b.doc).get(0), "description")!.insert(0, "Dos ");
    await waitFor(
      () => [a, b].every((c) => readBudget(c.doc)[0].description === "Dos Rondas quincenales en Punilla"),
      5_000,
      "both edits in both clients",
    );
    a.destroy();
    b.destroy();
    await server.stop();

    const stored = await loadStored(handle, name);
    expect(budgetNeedsUpgrade(stored)).toBe(false);
    expect(readBudget(stored)[0].description).toBe("Dos Rondas quincenales en Punilla");
  });
});
