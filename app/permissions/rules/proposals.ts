import type { MaybeActor } from "../actor.ts";

/*
 * Rules for the proposals feature: the feature defines its resource types here and
 * one rule per type in `proposalRules`. Until then nothing is allowed.
 */
export type ProposalResource = never;

export const proposalRules: Record<string, (actor: MaybeActor, action: string, resource: never) => boolean> = {};
