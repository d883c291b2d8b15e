import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinProcessGroup, type ProcessGroup } from "../../../collab-server/process-group";
import { sharedRedisUrl, uniqueRedisPrefix } from "../../setup/redis";
import { createMemoryLogger } from "./helpers";

/*
 * Without Redis, two collab-serving processes on one PostgreSQL database would
 * each hold their own copy of a document and never see each other's edits:
 * the second one is refused at start, with a message an operator understands.
 * (PGlite is single-process by its data-dir lock: PostgreSQL pass only.)
 */

const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)("collab-serving processes on one PostgreSQL database", () => {
  const name = `redomil_sole_${randomBytes(4).toString("hex")}`;
  let databaseUrl = "";
  const groups: ProcessGroup[] = [];
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const join = async (redis: boolean) => {
    const group = await joinProcessGroup({
      redisUrl: redis ? sharedRedisUrl() : undefined,
      redisPrefix: uniqueRedisPrefix(),
      databaseUrl,
      maxMessageBytes: 1024,
      logger: createMemoryLogger(),
    });
    groups.push(group);
    return group;
  };

  beforeAll(async () => {
    await admin(`create database ${name}`);
    const url = new URL(adminUrl!);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  });
  afterAll(async () => {
    for (const group of groups) await group.close();
    await admin(`drop database if exists ${name}`);
  });

  it("refuses a second process without Redis, and a mix; any number with Redis", async () => {
    const sole = await join(false);
    await expect(join(false)).rejects.toThrow(/Ya hay otro proceso con edición colaborativa sobre esta base de datos\. Para varios procesos define REDIS_URL/);
    await expect(join(true)).rejects.toThrow(/sin REDIS_URL/);
    await sole.close();
    groups.splice(groups.indexOf(sole), 1);

    const [a, b] = [await join(true), await join(true)];
    expect([a.relay?.connected, b.relay?.connected]).toEqual([true, true]);
    await expect(join(false)).rejects.toThrow(/Ya hay otro proceso/);
  });
});
