import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase } from "~/db/client.server";
import { loadEnv, setEnv } from "~/env.server";
import { proposalDocumentName } from "~/features/proposals/document.server";
import { loadTerritory } from "~/features/territory/territory.server";
import { createNetwork, createOrganization, createUser } from "../../factories/rows";
import { connectClient, SECRET, tokenFor, waitFor, type TestClient } from "../../integration/collab/helpers";
import { createCall, createProposal } from "../../integration/proposals/fixtures";
import { startPortal, type Portal } from "../support/portal";

/*
 * Issue 10, "durable before relayed": the default single process (the built
 * portal, embedded PGlite in a DATA_DIR, no Redis) is killed with SIGKILL at a
 * random moment, 20 times, while one client types and another watches the same
 * proposal on the portal's /collab, and others keep opening it. After each
 * restart a fresh client must hold every edit any of them had received before
 * the kill — the server sends only what is already in the database log (relayed
 * updates, and the sync step 2 reply a joining client gets), so nothing anyone
 * saw may vanish.
 *
 * Every client is destroyed at the kill and never reconnects: a surviving author
 * tab would re-send its edits and hide a loss (that is the IndexedDB path, not
 * what this tests). The text of a client connected at the kill is read after its
 * socket reported the close, i.e. it includes every byte the dead server sent.
 *
 * Lives in e2e because it runs the built portal (`npm run build` first, as the
 * e2e run does); the e2e project runs files one at a time, so the kill timing
 * is not skewed by other test files competing for the 2 cores.
 * CRASH_ROUNDS and CRASH_SEED (environment) repeat or reproduce a run.
 */

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 20);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 2 ** 31);
const TOKEN = /\[r\d+\.\d+\]/g;

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with CRASH_SEED. */
function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tokensIn = (text: string) => new Set(text.match(TOKEN) ?? []);

interface Round {
  killAfterMs: number;
  typed: number;
  /** Tokens of this round the watcher and the joining clients held when they left or their socket closed. */
  seen: number;
  /** Of everything typed this round, how many a fresh client held after the restart (≥ seen). */
  recovered: number;
  /** Spawn to /healthz 200 for the start that followed this round's kill. */
  restartMs: number;
}

describe("collab on the default portal process: kill -9 while typing", () => {
  let portal: Portal | undefined;
  let dataDir: string;
  let documentName: string;
  let users: { typist: string; watcher: string; joiner: string; checker: string };
  const clients = new Set<TestClient>();

  beforeAll(async () => {
    // PGlite is one process per data dir: create the rows first, close, then start the portal on it.
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-crash-"));
    setEnv(loadEnv({ NODE_ENV: "test", DATA_DIR: dataDir, BASE_URL: "http://localhost:3000", AUTH_SECRET: "crash-test-auth-secret-0123456789abcdef" }));
    const handle = await openDatabase({ dataDir });
    setDatabase(handle);
    try {
      const db = handle.db;
      await loadTerritory(db);
      const sanCarlos = await createOrganization(db, { comunaCode: "16301" });
      const sanFabian = await createOrganization(db, { comunaCode: "16304" });
      const nc = await createOrganization(db, { kind: "nivel_central", regionCode: null });
      const network = await createNetwork(db, [sanCarlos.id, sanFabian.id]);
      users = {
        typist: (await createUser(db, sanCarlos.id, "omil_lead")).id,
        watcher: (await createUser(db, sanFabian.id, "omil_staff")).id,
        joiner: (await createUser(db, sanCarlos.id, "omil_staff")).id,
        checker: (await createUser(db, sanFabian.id, "omil_staff")).id,
      };
      const call = await createCall(db, nc.id);
      documentName = proposalDocumentName((await createProposal(db, network.id, call.id)).id);
    } finally {
      setDatabase(undefined);
      await handle.close();
    }
  });

  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await portal?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function connect(userId: string, options: { synced: boolean } = { synced: true }): Promise<TestClient> {
    const client = await connectClient(`ws://127.0.0.1:${portal!.port}/collab`, documentName, {
      userId,
      token: tokenFor(documentName, userId, "edit", 600),
      origin: portal!.baseUrl,
    });
    clients.add(client);
    if (options.synced) await client.synced();
    return client;
  }

  function disconnect(client: TestClient): void {
    client.destroy();
    clients.delete(client);
  }

  /** A fresh client (new Y.Doc, another user) right after a start: returns what the server holds. */
  async function freshTokens(): Promise<Set<string>> {
    const fresh = await connect(users.checker);
    const tokens = tokensIn(fresh.text.toString());
    disconnect(fresh);
    return tokens;
  }

  it(`loses no relayed edit across ${ROUNDS} SIGKILLs at random moments`, async () => {
    // Separate streams, so CRASH_SEED replays the same kill moments whatever the typing timing was.
    const killRandom = seededRandom(SEED);
    const typingRandom = seededRandom(SEED ^ 0x5bd1e995);
    const joinRandom = seededRandom(SEED ^ 0x27d4eb2f);
    const started = Date.now();
    let spawnedAt = Date.now();
    portal = await startPortal({
      env: { SEARCH_DISABLED: "1", SEED_DEMO: "0", COLLAB_SECRET: SECRET, REDIS_URL: "", COLLAB_PUBLIC_URL: "" },
      dataDir,
    });
    const firstStartMs = Date.now() - spawnedAt;

    /** Every token any client received (→ which client), over all rounds: each must survive every later crash too. */
    const seenEver = new Map<string, string>();
    const rounds: Round[] = [];
    const missing: string[] = [];

    for (let round = 0; round < ROUNDS; round += 1) {
      const watcher = await connect(users.watcher);
      const typist = await connect(users.typist);
      const typed: string[] = [];
      let typing = true;
      const typingDone = (async () => {
        for (let n = 0; typing; n += 1) {
          const token = `[r${round}.${n}]`;
          typist.text.insert(typist.text.length, token);
          typed.push(token);
          await sleep(5 + typingRandom() * 15);
        }
      })();
      // Others open the proposal while the typist types (each gets the whole document on joining),
      // stay a moment and leave; what each one held when it left (or at the kill) was seen too.
      const seen = new Map<string, string[]>();
      const saw = (who: string, client: TestClient) => tokensIn(client.text.toString()).forEach((token) => seen.set(token, [...(seen.get(token) ?? []), who]));
      let joiner: TestClient | undefined;
      let onJoinerSynced: (() => void) | undefined;
      const joinsDone = (async () => {
        while (typing) {
          joiner = await connect(users.joiner, { synced: false });
          await Promise.race([joiner.synced(), waitFor(() => !typing, 60_000).catch(() => undefined)]);
          if (joiner.provider.synced) onJoinerSynced?.();
          await sleep(20 + joinRandom() * 100);
          if (!typing) return;
          saw("a client that joined and left", joiner);
          disconnect(joiner);
          joiner = undefined;
        }
      })();

      const killAfterMs = Math.round(300 + killRandom() * 1_700);
      await sleep(killAfterMs);
      // Every other round the kill follows a join at once: the riskiest moment, when the server has
      // just sent someone the whole document while the typist's latest updates may still be in flight.
      const afterJoin = round % 2 === 1;
      if (afterJoin) await Promise.race([new Promise<void>((resolve) => (onJoinerSynced = resolve)), sleep(3_000)]);
      const killing = portal.kill("SIGKILL");
      typing = false;
      await killing;
      await typingDone;
      await joinsDone;
      // Everything the dead server sent is in once each socket reports the close.
      const connected = [["the watcher", watcher], ["a client that joined", joiner]] as const;
      for (const [who, client] of connected) {
        if (!client) continue;
        await waitFor(() => !client.provider.wsconnected, 5_000, "the clients see the server gone");
        saw(`${who} (connected at the kill)`, client);
        disconnect(client);
      }
      disconnect(typist);
      const typedSet = new Set(typed);
      const invented = [...seen.keys()].filter((t) => t.startsWith(`[r${round}.`) && !typedSet.has(t));
      expect(invented, "clients only hold what the typist typed").toEqual([]);
      seen.forEach((who, token) => seenEver.has(token) || seenEver.set(token, `${[...new Set(who)].join(" and ")} in round ${round + 1}`));

      spawnedAt = Date.now();
      await portal.restart();
      const restartMs = Date.now() - spawnedAt;

      const held = await freshTokens();
      missing.push(...[...seenEver].filter(([token]) => !held.has(token)).map(([token, who]) => `${token} seen by ${who}`));
      const recovered = typed.filter((token) => held.has(token)).length;
      rounds.push({ killAfterMs, typed: typed.length, seen: [...seen.keys()].filter((t) => t.startsWith(`[r${round}.`)).length, recovered, restartMs });
      if (missing.length > 0) break;
    }

    const totals = rounds.reduce((sum, r) => ({ typed: sum.typed + r.typed, seen: sum.seen + r.seen, recovered: sum.recovered + r.recovered }), { typed: 0, seen: 0, recovered: 0 });
    const restarts = rounds.map((r) => r.restartMs).sort((a, b) => a - b);
    console.info(
      [
        `[crash] seed ${SEED}: ${rounds.length} kills in ${((Date.now() - started) / 1000).toFixed(1)} s`,
        `typed ${totals.typed}, received by watcher and joiners ${totals.seen}, held after restarts ${totals.recovered}, missing ${missing.length}`,
        `first start ${firstStartMs} ms; restarts median ${restarts[restarts.length >> 1]} ms, max ${restarts.at(-1)} ms`,
        ...rounds.map((r, i) => `  #${i + 1}: kill at ${r.killAfterMs} ms, typed ${r.typed}, seen ${r.seen}, held ${r.recovered}, restart ${r.restartMs} ms`),
      ].join("\n"),
    );

    expect(missing, `edits a client had received but lost (seed ${SEED})`).toEqual([]);
    expect(rounds).toHaveLength(ROUNDS);
    // Not vacuous: the watcher received edits live in every round (typing ran ≥ 300 ms each time).
    expect(rounds.filter((r) => r.seen === 0)).toEqual([]);
    // ~2 min on an idle 2-core machine (21 starts of ~2–3 s, ~25 s of typing); the limit leaves room for a loaded one.
  }, 900_000);
});
