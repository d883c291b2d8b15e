// Filled by the practices feature. Exported tables are part of the one drizzle schema.
export {};
