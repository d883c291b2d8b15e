import type { MaybeActor } from "../actor.ts";

/*
 * Rules for the goals feature: the feature defines its resource types here and
 * one rule per type in `goalRules`. Until then nothing is allowed.
 */
export type GoalResource = never;

export const goalRules: Record<string, (actor: MaybeActor, action: string, resource: never) => boolean> = {};
