// One schema, split by feature. Each feature adds its file here.
export * from "./territory.ts";
export * from "./organizations.ts";
export * from "./auth.ts";
export * from "./accounts.ts";
export * from "./collab.ts";
