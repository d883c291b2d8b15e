// One schema, split by feature. Each feature owns its file.
export * from "./territory.ts";
export * from "./organizations.ts";
export * from "./auth.ts";
export * from "./accounts.ts";
export * from "./collab.ts";
export * from "./practices.ts";
export * from "./proposals.ts";
export * from "./activities.ts";
export * from "./goals.ts";
export * from "./jobs.ts";
export * from "./files.ts";
export * from "./notifications.ts";
export * from "./audit.ts";
