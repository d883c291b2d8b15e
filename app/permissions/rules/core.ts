import type { OrganizationKind } from "~/db/enums";
import { isNationalAdmin, isNetworkCoordinator, isNetworkMember, isRegionalStaff, oversees, type MaybeActor, type Role } from "../actor.ts";

export type OrganizationResource = { type: "organization"; id: string; kind: OrganizationKind; regionCode: string | null };
export type AccountResource = {
  type: "account";
  organizationId: string;
  organizationKind: OrganizationKind;
  regionCode: string | null;
  /** The role being granted or held. */
  role: Role;
};
export type NetworkResource = { type: "network"; id: string; regionCode: string };

export type CoreResource = OrganizationResource | AccountResource | NetworkResource;

export function organizationRule(actor: MaybeActor, action: string, r: OrganizationResource): boolean {
  if (!actor) return false;
  switch (action) {
    case "read":
      return true; // the directory of offices is visible to every signed-in person
    case "create":
    case "delete":
      return isNationalAdmin(actor);
    case "update":
      return (
        isNationalAdmin(actor) ||
        (r.kind === "omil" && isRegionalStaff(actor, r.regionCode)) ||
        (actor.role === "omil_lead" && actor.organizationId === r.id)
      );
    default:
      return false;
  }
}

/** People's accounts and invitations. */
export function accountRule(actor: MaybeActor, action: string, r: AccountResource): boolean {
  if (!actor) return false;
  if (isNationalAdmin(actor)) return ["read", "invite", "update", "deactivate"].includes(action);
  const sameRegionOffice = r.organizationKind !== "nivel_central" && isRegionalStaff(actor, r.regionCode);
  const ownOffice = actor.role === "omil_lead" && actor.organizationId === r.organizationId;
  switch (action) {
    case "read":
      return sameRegionOffice || ownOffice;
    case "invite":
    case "update":
    case "deactivate":
      // Nobody below Nivel Central grants or manages a national admin.
      if (r.role === "nc_admin") return false;
      if (sameRegionOffice) return true;
      return ownOffice && (r.role === "omil_staff" || r.role === "omil_lead");
    default:
      return false;
  }
}

export function networkRule(actor: MaybeActor, action: string, r: NetworkResource): boolean {
  if (!actor) return false;
  switch (action) {
    case "read":
      return oversees(actor, r.regionCode) || isNetworkMember(actor, r.id);
    case "create":
    case "update":
    case "manage_members":
      return oversees(actor, r.regionCode);
    case "rotate_coordinator":
      return oversees(actor, r.regionCode) || (actor.role === "omil_lead" && isNetworkCoordinator(actor, r.id));
    default:
      return false;
  }
}
