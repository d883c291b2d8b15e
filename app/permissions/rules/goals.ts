import { isNetworkCoordinator, isNetworkMember, isRegionalStaff, oversees, type MaybeActor } from "../actor.ts";

/*
 * Rules for network goals.
 * - Everyone who may read the network (its member offices, the region's DR,
 *   Nivel Central) reads its goals and their entries; other networks see nothing.
 * - The coordinating office or the DR (and Nivel Central) define goals.
 * - Each member office writes only its own entries, and only while they are
 *   pending; validation is for the coordinating office or the region's DR,
 *   and never by the entry's own office (four eyes, decision 0135): the
 *   coordinator validates the other offices, the DR the coordinator's own.
 */
export type GoalResource =
  | { type: "goal"; networkId: string; regionCode: string }
  | {
      type: "goal_entry";
      networkId: string;
      regionCode: string;
      /** The office the entry belongs to (null: derived from an activity for the whole network). */
      organizationId: string | null;
      source: "manual" | "activity";
      status: "pending" | "validated" | "rejected";
    }
  | { type: "region_goals"; regionCode: string };

type Rule<T extends GoalResource["type"]> = (actor: MaybeActor, action: string, r: Extract<GoalResource, { type: T }>) => boolean;

const readsNetwork = (actor: MaybeActor, networkId: string, regionCode: string) => oversees(actor, regionCode) || isNetworkMember(actor, networkId);
const validates = (actor: MaybeActor, networkId: string, regionCode: string) => isRegionalStaff(actor, regionCode) || isNetworkCoordinator(actor, networkId);

const goalRule: Rule<"goal"> = (actor, action, r) => {
  if (!actor) return false;
  switch (action) {
    case "read":
    case "export":
      return readsNetwork(actor, r.networkId, r.regionCode);
    case "create":
    case "update":
    case "delete":
      return oversees(actor, r.regionCode) || isNetworkCoordinator(actor, r.networkId);
    case "contribute":
      // Only member offices report progress; the DR validates instead.
      return isNetworkMember(actor, r.networkId);
    case "validate":
      return validates(actor, r.networkId, r.regionCode);
    default:
      return false;
  }
};

/**
 * Why this actor may not validate (or reject) this entry, in Spanish; null when it may.
 * The route answers 403 with this text, and the page hides the buttons.
 */
export function entryReviewRefusal(actor: MaybeActor, r: Extract<GoalResource, { type: "goal_entry" }>): string | null {
  if (!actor) return "Inicia sesión para revisar avances.";
  if (isRegionalStaff(actor, r.regionCode)) return null;
  if (!isNetworkCoordinator(actor, r.networkId)) return "Solo la OMIL coordinadora de la red o la Dirección Regional revisan los avances.";
  if (r.organizationId === actor.organizationId) {
    return "Un avance de tu propia OMIL debe revisarlo alguien de fuera de ella: lo valida la Dirección Regional.";
  }
  return null;
}

const goalEntryRule: Rule<"goal_entry"> = (actor, action, r) => {
  if (!actor) return false;
  const ownOffice = isNetworkMember(actor, r.networkId) && r.organizationId === actor.organizationId && r.source === "manual";
  switch (action) {
    case "read":
      return readsNetwork(actor, r.networkId, r.regionCode);
    case "create":
      return ownOffice;
    case "update":
    case "delete":
    case "replace_evidence":
      // A reviewed entry is part of the official record: the office cannot change it (nor its evidence file).
      return ownOffice && r.status === "pending";
    case "validate":
      return entryReviewRefusal(actor, r) === null;
    default:
      return false;
  }
};

const regionGoalsRule: Rule<"region_goals"> = (actor, action, r) => action === "read" && oversees(actor, r.regionCode);

export const goalRules = { goal: goalRule, goal_entry: goalEntryRule, region_goals: regionGoalsRule };
