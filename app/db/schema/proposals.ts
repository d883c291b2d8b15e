// Filled by the proposals feature. Exported tables are part of the one drizzle schema.
export {};
