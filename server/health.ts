import { getDatabaseHandle } from "~/db/client.server";
import { checkSearchHealth, type SearchStatus } from "~/search/client.server";

export interface Health {
  db: "ok" | "error";
  /** "restarting" while the supervisor starts the embedded engine again (server/search.ts). */
  search: SearchStatus;
  collab: "ok" | "error";
  version: string;
}

export async function collectHealth(version: string, collabStatus: () => "ok" | "error"): Promise<Health> {
  let db: Health["db"] = "error";
  try {
    await withTimeout(getDatabaseHandle().ping(), 2000);
    db = "ok";
  } catch {
    db = "error";
  }
  const search = await checkSearchHealth().catch(() => "error" as const);
  return { db, search, collab: collabStatus(), version };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}
