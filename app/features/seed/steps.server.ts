import type { Database } from "~/db/client.server";
import type { networks, organizations } from "~/db/schema";

export interface DemoContext {
  db: Database;
  network: typeof networks.$inferSelect;
  organizations: Record<"nc" | "dr" | "sanCarlos" | "sanFabian" | "niquen", typeof organizations.$inferSelect>;
  coordinatorOrganizationId: string;
  year: number;
  log: { info(message: string): void };
}

/**
 * A feature's demo-data step (declared in its feature.server.ts), run in the
 * composition root's order after the foundation's organizations, network and
 * accounts exist. Each step must be idempotent.
 */
export type DemoSeedStep = (context: DemoContext) => Promise<void>;
