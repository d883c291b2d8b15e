import { isNationalAdmin, isNetworkMember, isRegionalStaff, oversees, type MaybeActor } from "../actor.ts";

/*
 * Fund calls and proposals.
 * - Calls: Nivel Central publishes national calls; a Dirección Regional publishes
 *   calls whose only eligible region is its own. Everyone signed in reads calls.
 * - Proposals: the network's OMILs write them and upload or remove their
 *   attachments (until submitted); the region's DR
 *   and Nivel Central read along; the DR or Nivel Central record the outcome.
 */
export type CallResource = { type: "proposal_call"; eligibleRegionCodes: readonly string[] };
export type ProposalResource =
  | CallResource
  | {
      type: "proposal";
      networkId: string;
      regionCode: string;
      status: "borrador" | "lista_para_revision" | "enviada" | "adjudicada" | "no_adjudicada";
    };

type ProposalOnly = Extract<ProposalResource, { type: "proposal" }>;

export function callRule(actor: MaybeActor, action: string, r: CallResource): boolean {
  if (!actor) return false;
  switch (action) {
    case "read":
      return true;
    case "create":
      return isNationalAdmin(actor) || (actor.role === "dr_staff" && r.eligibleRegionCodes.length > 0 && r.eligibleRegionCodes.every((code) => isRegionalStaff(actor, code)));
    default:
      return false;
  }
}

const SUBMITTED = new Set(["enviada", "adjudicada", "no_adjudicada"]);

export function proposalRule(actor: MaybeActor, action: string, r: ProposalOnly): boolean {
  if (!actor) return false;
  const member = isNetworkMember(actor, r.networkId);
  const submitted = SUBMITTED.has(r.status);
  switch (action) {
    case "read":
    case "export":
      return member || oversees(actor, r.regionCode);
    // Writing the text, budget, versions, attachments and status moves before submission.
    case "edit":
    case "attach":
    case "save_version":
    case "mark_ready":
      return member && !submitted;
    case "submit":
      return member && actor.role === "omil_lead" && r.status === "lista_para_revision";
    case "comment":
      return (member && !submitted) || (oversees(actor, r.regionCode) && !submitted);
    case "record_outcome":
      return oversees(actor, r.regionCode) && r.status === "enviada";
    case "create":
      return member;
    default:
      return false;
  }
}

export const proposalRules = { proposal_call: callRule, proposal: proposalRule };
