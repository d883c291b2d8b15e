import pg from "pg";

/*
 * Without Redis, live co-editing works inside one process only: two processes
 * holding the same document would never see each other's edits. This guard
 * makes that configuration impossible instead of silently wrong.
 *
 * Guarantee: on a PostgreSQL database, a collab-serving process without Redis
 * holds an EXCLUSIVE session advisory lock and processes with Redis hold it
 * SHARED, for their whole life (one dedicated connection). So any number of
 * Redis-joined processes run together, but a process without Redis starts
 * only when no other collab-serving process runs, and none starts beside it;
 * the refused one gets a clear Spanish message. A crashed holder's lock goes
 * with its connection.
 */

/** Arbitrary, fixed: "RedOMIL collab" (two int4 keys for pg_advisory_lock). */
const LOCK_KEYS = [0x5245_444f, 0x434f_4c4c] as const;

export interface SoleServerClaim {
  release(): Promise<void>;
}

export async function claimCollabServing(databaseUrl: string, mode: "sole" | "shared"): Promise<SoleServerClaim> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const fn = mode === "sole" ? "pg_try_advisory_lock" : "pg_try_advisory_lock_shared";
  const result = await client.query<{ ok: boolean }>(`select ${fn}($1, $2) as ok`, [...LOCK_KEYS]);
  if (!result.rows[0]?.ok) {
    await client.end();
    throw new Error(
      mode === "sole"
        ? "Ya hay otro proceso con edición colaborativa sobre esta base de datos. Para varios procesos define REDIS_URL (el mismo Redis en todos)."
        : "Hay un proceso con edición colaborativa sin REDIS_URL sobre esta base de datos: detenlo o define REDIS_URL también en él.",
    );
  }
  // An idle connection dropped by the network takes the lock with it: say so instead of crashing.
  client.on("error", () => undefined);
  return {
    async release() {
      await client.end().catch(() => undefined);
    },
  };
}
