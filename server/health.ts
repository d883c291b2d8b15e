import { getDatabaseHandle } from "~/db/client.server";
import { checkSearchHealth } from "~/search/client.server";

export interface Health {
  db: "ok" | "error";
  search: "ok" | "error" | "disabled";
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
