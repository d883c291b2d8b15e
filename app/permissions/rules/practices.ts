import type { MaybeActor } from "../actor.ts";

/*
 * Rules for the practices feature: the feature defines its resource types here and
 * one rule per type in `practiceRules`. Until then nothing is allowed.
 */
export type PracticeResource = never;

export const practiceRules: Record<string, (actor: MaybeActor, action: string, resource: never) => boolean> = {};
