import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "~/db/client.server";
import { toNumber } from "~/db/client.server";
import { regions } from "~/db/schema";
import { createTestDatabase } from "../../setup/db";

describe("test database", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("is migrated and writable", async () => {
    await handle.db.insert(regions).values({ code: "16", name: "Región de Ñuble", shortName: "Ñuble", abbreviation: "NUB", isoCode: "CL-NB" });
    const rows = await handle.db.execute(sql`select count(*) as n from regions`);
    expect(toNumber((rows as unknown as { rows: { n: unknown }[] }).rows[0].n)).toBe(1);
  });
});
