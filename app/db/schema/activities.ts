// Filled by the activities feature. Exported tables are part of the one drizzle schema.
export {};
