import { getDb } from "~/db/client.server";
import type { Feature } from "~/features/feature";
import { runDueHandovers, type RotationHook } from "./rotation.server.ts";

/**
 * Networks (listed in app/features/features.server.ts). Its job hands over the
 * rotations whose start date has come, running every feature's rotation
 * hooks; the hooks are passed in by the composition root (no import cycle).
 * Exactly once across processes: the job runs under its lease and each term
 * is claimed in its handover's transaction (docs/decisions/0071, 0130).
 */
export function createNetworksFeature(rotationHooks: () => readonly RotationHook[]): Feature {
  return {
    name: "networks",
    jobs: [{ name: "networks-coordinator-handover", everyMs: 10 * 60_000, runAtStart: true, run: () => runDueHandovers(getDb(), rotationHooks()) }],
  };
}
