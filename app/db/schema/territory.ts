import { index, pgTable, text } from "drizzle-orm/pg-core";

/** Chile's official territorial division (codes are zero-padded text). */
export const regions = pgTable("regions", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  abbreviation: text("abbreviation").notNull(),
  isoCode: text("iso_code").notNull(),
});

export const provinces = pgTable("provinces", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  regionCode: text("region_code")
    .notNull()
    .references(() => regions.code),
});

export const comunas = pgTable(
  "comunas",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    provinceCode: text("province_code")
      .notNull()
      .references(() => provinces.code),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    /** Names in everyday use ("Til Til", "La Calera"...), for lookups. */
    aliases: text("aliases").array().notNull().default([]),
  },
  (t) => [index("comunas_region_idx").on(t.regionCode)],
);
