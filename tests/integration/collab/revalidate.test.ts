import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CollabCloseCode } from "~/collab/close-codes";
import { createRevalidationToken } from "~/collab/token";
import { openDatabase, setDatabase, type Database, type DatabaseHandle } from "~/db/client.server";
import { proposals } from "~/db/schema";
import { loadEnv, setEnv } from "~/env.server";
import { removeMember } from "~/features/networks/networks.server";
import { proposalDocumentName } from "~/features/proposals/document.server";
import { loadTerritory } from "~/features/territory/territory.server";
import { revalidateCollabAccess, revalidateStandaloneServers } from "~/permissions/collab-revalidate.server";
import { todayInChile } from "~/utils/dates";
import { createNetwork, createOrganization, createUser } from "../../factories/rows";
import { testDatabaseKind } from "../../setup/db";
import { createCall, createProposal } from "../proposals/fixtures";
import { connectClient, SECRET, tokenFor, waitFor, type TestClient } from "./helpers";
import { createStandaloneDatabase, freePort, startStandalone, type StandaloneDatabase, type StandaloneProcess } from "./standalone-process";

/*
 * The app tells a standalone collab process (a real `collab-server/standalone.ts`
 * child) that access changed: `revalidateCollabAccess` POSTs a signed filter to
 * COLLAB_INTERNAL_URLS and the process re-checks its live sockets against the
 * database with the portal's own check.
 *
 * PGlite allows one process per data dir, so with PGlite the access is removed
 * before the process starts (the client still holds a token issued earlier);
 * with TEST_DATABASE_URL (PostgreSQL) it is removed while the client is connected.
 */

const whileRunning = testDatabaseKind() === "postgres";

describe("standalone collab process: revalidation requested by the app", () => {
  let database: StandaloneDatabase;
  let handle: DatabaseHandle | undefined;
  let server: StandaloneProcess;
  let baseUrl: string;
  let dataDir: string;
  let documentName: string;
  let proposalId: string;
  let users: Record<"lead" | "staff", string>;
  let removeStaffAccess: (db: Database) => Promise<void>;
  const clients: TestClient[] = [];

  const collabUrl = () => `ws://127.0.0.1:${new URL(baseUrl).port}/collab`;
  async function connect(userId: string, token = tokenFor(documentName, userId, "edit")) {
    const client = await connectClient(collabUrl(), documentName, { userId, token });
    clients.push(client);
    await client.synced();
    return client;
  }

  beforeAll(async () => {
    database = await createStandaloneDatabase("collab_revalidate");
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-revalidate-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    setEnv(
      loadEnv({
        NODE_ENV: "test",
        DATA_DIR: dataDir,
        BASE_URL: "http://localhost:3000",
        AUTH_SECRET: "test-secret-that-is-long-enough-123456",
        COLLAB_SECRET: SECRET,
        COLLAB_INTERNAL_URLS: `${baseUrl}/`,
      }),
    );
    handle = await openDatabase(database.options);
    setDatabase(handle);
    const db = handle.db;
    await loadTerritory(db);
    const sanCarlos = await createOrganization(db, { comunaCode: "16301" });
    const sanFabian = await createOrganization(db, { comunaCode: "16304" });
    const nc = await createOrganization(db, { kind: "nivel_central", regionCode: null });
    const network = await createNetwork(db, [sanCarlos.id, sanFabian.id]);
    users = { lead: (await createUser(db, sanCarlos.id, "omil_lead")).id, staff: (await createUser(db, sanFabian.id, "omil_staff")).id };
    proposalId = (await createProposal(db, network.id, (await createCall(db, nc.id)).id)).id;
    documentName = proposalDocumentName(proposalId);
    // San Fabián leaves the network: its staff loses the proposal.
    removeStaffAccess = (dbOrTx) => removeMember(dbOrTx, network, sanFabian.id, todayInChile());

    if (!whileRunning) {
      await removeStaffAccess(db);
      setDatabase(undefined);
      await handle.close();
      handle = undefined;
    }
    server = await startStandalone(database, port);
  });

  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    if (server?.child.exitCode === null) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    setDatabase(undefined);
    await handle?.close();
    await database?.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a forged, expired or missing signature with 401 and closes nothing", async () => {
    const lead = await connect(users.lead);
    const post = (authorization?: string) =>
      fetch(`${baseUrl}/revalidate`, { method: "POST", headers: authorization ? { authorization } : {} });
    const forged = createRevalidationToken({ secret: "another-secret-another-secret-0123456789", userId: users.lead });
    const expired = createRevalidationToken({ secret: SECRET, userId: users.lead, ttlSeconds: -1 });
    const answers = [await post(`Bearer ${forged}`), await post(`Bearer ${expired}`), await post()];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401]);
    expect(await Promise.all(answers.map((a) => a.json()))).toEqual([
      { ok: false, reason: "bad-signature" },
      { ok: false, reason: "expired" },
      { ok: false, reason: "malformed" },
    ]);
    expect(server.events.filter((e) => e.event === "connections reauthorized")).toEqual([]);
    expect([lead.provider.wsconnected, lead.closes]).toEqual([true, []]);
  });

  it("closes the socket of a user who lost access with ACCESS_REVOKED in under 2 s; the others keep editing", async () => {
    const [lead] = clients;
    const staffToken = tokenFor(documentName, users.staff, "edit");
    const staff = await connect(users.staff, staffToken);
    staff.text.insert(0, "antes ");
    await waitFor(() => lead.text.toString() === "antes ", 2_000, "edits relayed");

    if (whileRunning) await removeStaffAccess(handle!.db);
    const started = performance.now();
    await revalidateCollabAccess({ userId: users.staff });
    await waitFor(() => staff.closes.length > 0, 2_000, "ACCESS_REVOKED close");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect([staff.closes[0].code, staff.closes[0].willReconnect]).toEqual([CollabCloseCode.ACCESS_REVOKED, false]);

    // Every socket re-checked: the lead keeps editing, and what it writes is served to a new client.
    await revalidateCollabAccess();
    lead.text.insert(lead.text.length, "y después");
    const observer = await connect(users.lead);
    await waitFor(() => observer.text.toString() === "antes y después", 2_000, "lead still editing");
    expect([lead.provider.wsconnected, lead.closes, lead.readOnlyNotices]).toEqual([true, [], []]);
    expect(server.events.filter((e) => e.event === "connections reauthorized").map(({ kept, downgraded, closed }) => ({ kept, downgraded, closed }))).toEqual([
      { kept: 0, downgraded: 0, closed: 1 },
      { kept: 1, downgraded: 0, closed: 0 },
    ]);

    // The token the staff member still holds cannot bring them back.
    const stale = await connectClient(collabUrl(), documentName, { userId: users.staff, token: staffToken });
    clients.push(stale);
    await waitFor(() => stale.closes.length > 0, 2_000, "stale token refused");
    expect(stale.closes[0].code).toBe(CollabCloseCode.ACCESS_REVOKED);
  });

  it.skipIf(!whileRunning)("downgrades live sockets to read-only once the proposal is submitted (PostgreSQL only)", async () => {
    const lead = clients[0];
    await handle!.db.update(proposals).set({ status: "enviada" }).where(eq(proposals.id, proposalId));
    await revalidateCollabAccess({ documentName });
    await waitFor(() => lead.readOnlyNotices.length > 0, 2_000, "read-only notice");
    expect([lead.readOnlyNotices, lead.provider.wsconnected]).toEqual([[CollabCloseCode.FORBIDDEN], true]);
    lead.text.insert(0, "tarde ");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(clients[2].text.toString()).toBe("antes y después");
  });

  it("warns without throwing when a process refuses or cannot be reached", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const base = { NODE_ENV: "test", DATA_DIR: dataDir, COLLAB_SECRET: "not-the-secret-of-the-collab-processes-0123" };
      const unreachable = `http://127.0.0.1:${await freePort()}`;
      const started = performance.now();
      await revalidateStandaloneServers({ userId: users.lead }, loadEnv({ ...base, COLLAB_INTERNAL_URLS: `${baseUrl},${unreachable}` }));
      expect(performance.now() - started).toBeLessThan(2_500);
      const messages = warn.mock.calls.map((call) => String(call[0]));
      expect(messages).toHaveLength(2);
      expect(messages.find((m) => m.includes(`${baseUrl} `))).toMatch(/HTTP 401/);
      expect(messages.find((m) => m.includes(`${unreachable} `))).toMatch(/no se pudo revalidar/);
      expect(clients[0].provider.wsconnected).toBe(true);
    } finally {
      warn.mockRestore();
    }
  });
});
