import type { MaybeActor } from "../actor.ts";

/*
 * Rules for the activities feature: the feature defines its resource types here and
 * one rule per type in `activityRules`. Until then nothing is allowed.
 */
export type ActivityResource = never;

export const activityRules: Record<string, (actor: MaybeActor, action: string, resource: never) => boolean> = {};
