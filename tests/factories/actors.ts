import type { Actor, Role } from "~/permissions/actor";

/** Test actors: each field can be overridden. Ids are readable on purpose. */
export function buildActor(role: Role, overrides: Partial<Actor> = {}): Actor {
  const defaults: Record<Role, Partial<Actor>> = {
    nc_admin: { organizationKind: "nivel_central", organizationId: "org-nc", regionCode: null },
    dr_staff: { organizationKind: "direccion_regional", organizationId: "org-dr-16", regionCode: "16" },
    omil_lead: { organizationKind: "omil", organizationId: "org-omil-a", regionCode: "16", memberNetworkIds: ["net-a"], coordinatedNetworkIds: ["net-a"] },
    omil_staff: { organizationKind: "omil", organizationId: "org-omil-b", regionCode: "16", memberNetworkIds: ["net-a"] },
  };
  return {
    userId: `user-${role}`,
    name: `Persona ${role}`,
    email: `${role}@test.cl`,
    role,
    organizationName: "Org",
    memberNetworkIds: [],
    coordinatedNetworkIds: [],
    organizationId: "org",
    organizationKind: "omil",
    regionCode: null,
    ...defaults[role],
    ...overrides,
  } as Actor;
}

/** The cast of a permission matrix: one actor per role plus foreigners and the anonymous visitor. */
export function matrixActors() {
  return {
    anonymous: null,
    ncAdmin: buildActor("nc_admin"),
    drNuble: buildActor("dr_staff"),
    drBiobio: buildActor("dr_staff", { organizationId: "org-dr-08", regionCode: "08" }),
    coordinatorLead: buildActor("omil_lead"),
    memberStaff: buildActor("omil_staff"),
    otherNetworkLead: buildActor("omil_lead", { organizationId: "org-omil-z", regionCode: "16", memberNetworkIds: ["net-b"], coordinatedNetworkIds: [] }),
  } as const;
}
export type MatrixActorName = keyof ReturnType<typeof matrixActors>;
