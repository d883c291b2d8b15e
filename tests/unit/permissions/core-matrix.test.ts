import { describe, expect, it } from "vitest";
import { can, type Resource } from "~/permissions/permissions";
import { matrixActors, type MatrixActorName } from "../../factories/actors";

/*
 * Role × resource × action. Every combination not listed as allowed must be
 * denied, so each row tests both sides.
 */
const actors = matrixActors();
const allActors = Object.keys(actors) as MatrixActorName[];

const resources = {
  ownOmil: { type: "organization", id: "org-omil-a", kind: "omil", regionCode: "16" },
  otherOmilSameRegion: { type: "organization", id: "org-omil-c", kind: "omil", regionCode: "16" },
  omilOtherRegion: { type: "organization", id: "org-omil-x", kind: "omil", regionCode: "08" },
  drNuble: { type: "organization", id: "org-dr-16", kind: "direccion_regional", regionCode: "16" },
  staffOfOwnOmil: { type: "account", organizationId: "org-omil-a", organizationKind: "omil", regionCode: "16", role: "omil_staff" },
  staffOfOmilOtherRegion: { type: "account", organizationId: "org-omil-x", organizationKind: "omil", regionCode: "08", role: "omil_staff" },
  nationalAdminAccount: { type: "account", organizationId: "org-nc", organizationKind: "nivel_central", regionCode: null, role: "nc_admin" },
  drAccountNuble: { type: "account", organizationId: "org-dr-16", organizationKind: "direccion_regional", regionCode: "16", role: "dr_staff" },
  networkA: { type: "network", id: "net-a", regionCode: "16" },
  networkB: { type: "network", id: "net-b", regionCode: "16" },
  networkBiobio: { type: "network", id: "net-c", regionCode: "08" },
} satisfies Record<string, Resource>;
type ResourceName = keyof typeof resources;

const matrix: { resource: ResourceName; action: string; allowed: MatrixActorName[] }[] = [
  { resource: "ownOmil", action: "read", allowed: ["ncAdmin", "drNuble", "drBiobio", "coordinatorLead", "memberStaff", "otherNetworkLead"] },
  { resource: "ownOmil", action: "update", allowed: ["ncAdmin", "drNuble", "coordinatorLead"] },
  { resource: "ownOmil", action: "delete", allowed: ["ncAdmin"] },
  { resource: "otherOmilSameRegion", action: "update", allowed: ["ncAdmin", "drNuble"] },
  { resource: "omilOtherRegion", action: "update", allowed: ["ncAdmin", "drBiobio"] },
  { resource: "omilOtherRegion", action: "create", allowed: ["ncAdmin"] },
  { resource: "drNuble", action: "update", allowed: ["ncAdmin"] },
  { resource: "ownOmil", action: "unknown-action", allowed: [] },
  { resource: "staffOfOwnOmil", action: "read", allowed: ["ncAdmin", "drNuble", "coordinatorLead"] },
  { resource: "staffOfOwnOmil", action: "invite", allowed: ["ncAdmin", "drNuble", "coordinatorLead"] },
  { resource: "staffOfOwnOmil", action: "deactivate", allowed: ["ncAdmin", "drNuble", "coordinatorLead"] },
  { resource: "staffOfOmilOtherRegion", action: "invite", allowed: ["ncAdmin", "drBiobio"] },
  { resource: "nationalAdminAccount", action: "invite", allowed: ["ncAdmin"] },
  { resource: "nationalAdminAccount", action: "read", allowed: ["ncAdmin"] },
  { resource: "drAccountNuble", action: "invite", allowed: ["ncAdmin", "drNuble"] },
  { resource: "networkA", action: "read", allowed: ["ncAdmin", "drNuble", "coordinatorLead", "memberStaff"] },
  { resource: "networkA", action: "update", allowed: ["ncAdmin", "drNuble"] },
  { resource: "networkA", action: "manage_members", allowed: ["ncAdmin", "drNuble"] },
  { resource: "networkA", action: "rotate_coordinator", allowed: ["ncAdmin", "drNuble", "coordinatorLead"] },
  { resource: "networkB", action: "read", allowed: ["ncAdmin", "drNuble", "otherNetworkLead"] },
  { resource: "networkB", action: "rotate_coordinator", allowed: ["ncAdmin", "drNuble"] },
  { resource: "networkBiobio", action: "read", allowed: ["ncAdmin", "drBiobio"] },
  { resource: "networkBiobio", action: "create", allowed: ["ncAdmin", "drBiobio"] },
];

describe("permission matrix: organizations, accounts, networks", () => {
  for (const row of matrix) {
    for (const actorName of allActors) {
      const expected = row.allowed.includes(actorName);
      it(`${actorName} ${expected ? "may" : "may not"} ${row.action} ${row.resource}`, () => {
        expect(can(actors[actorName], row.action, resources[row.resource])).toBe(expected);
      });
    }
  }

  it("denies an unknown resource type", () => {
    expect(can(actors.ncAdmin, "read", { type: "nothing" } as unknown as Resource)).toBe(false);
  });
});
