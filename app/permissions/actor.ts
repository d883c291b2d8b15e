import type { OrganizationKind } from "~/db/enums";

export const ROLES = ["nc_admin", "dr_staff", "omil_lead", "omil_staff"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  nc_admin: "Administración Nivel Central",
  dr_staff: "Equipo Dirección Regional",
  omil_lead: "Encargado/a OMIL",
  omil_staff: "Equipo OMIL",
};

/** Who is asking: everything a permission rule may look at, loaded once per request. */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  role: Role;
  organizationId: string;
  organizationKind: OrganizationKind;
  organizationName: string;
  /** The region of a Dirección Regional, or of an OMIL's comuna; null for Nivel Central. */
  regionCode: string | null;
  /** Networks where the actor's OMIL is an active member. */
  memberNetworkIds: readonly string[];
  /** Networks whose current coordinator is the actor's OMIL. */
  coordinatedNetworkIds: readonly string[];
}

/** `null` is the anonymous visitor. */
export type MaybeActor = Actor | null;

export const isNationalAdmin = (a: MaybeActor): boolean => a?.role === "nc_admin";
export const isRegionalStaff = (a: MaybeActor, regionCode: string | null | undefined): boolean =>
  a?.role === "dr_staff" && !!regionCode && a.regionCode === regionCode;
export const isOmilPerson = (a: MaybeActor): boolean => a?.role === "omil_lead" || a?.role === "omil_staff";
export const isNetworkMember = (a: MaybeActor, networkId: string): boolean =>
  !!a && isOmilPerson(a) && a.memberNetworkIds.includes(networkId);
export const isNetworkCoordinator = (a: MaybeActor, networkId: string): boolean =>
  !!a && isOmilPerson(a) && a.coordinatedNetworkIds.includes(networkId);
/** Nivel Central, or the Dirección Regional of that region: those who oversee a network. */
export const oversees = (a: MaybeActor, regionCode: string | null | undefined): boolean =>
  isNationalAdmin(a) || isRegionalStaff(a, regionCode);
