// Filled by the goals feature. Exported tables are part of the one drizzle schema.
export {};
