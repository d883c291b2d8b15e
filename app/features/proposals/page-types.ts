import type { SerializeFrom } from "@remix-run/node";
import type { action, loader } from "~/routes/propuestas.$proposalId._index";

/** The proposal page's loader and action data, as its components receive them. */
export type ProposalPageData = SerializeFrom<typeof loader>;
export type ProposalActionData = SerializeFrom<typeof action> | undefined;

/** The action result for one intent, for conform's `lastResult`. */
export function resultFor(actionData: ProposalActionData, ...intents: string[]) {
  if (!actionData || !("intent" in actionData) || !intents.includes(actionData.intent)) return undefined;
  return actionData.result;
}
