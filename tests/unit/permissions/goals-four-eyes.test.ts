import { describe, expect, it } from "vitest";
import { can, type Resource } from "~/permissions/permissions";
import { entryReviewRefusal } from "~/permissions/rules/goals";
import { matrixActors, type MatrixActorName } from "../../factories/actors";

/*
 * Four eyes on goal entries (decision 0135): an entry is reviewed by someone
 * outside the office that reported it. coordinatorLead's office is org-omil-a,
 * memberStaff's org-omil-b; both are in net-a, whose coordinator is org-omil-a.
 */
const actors = matrixActors();
const allActors = Object.keys(actors) as MatrixActorName[];

const entry = (organizationId: string | null, status: "pending" | "validated" | "rejected" = "pending") =>
  ({ type: "goal_entry", networkId: "net-a", regionCode: "16", organizationId, source: "manual", status }) satisfies Resource;

const resources = {
  coordinatorOfficeEntry: entry("org-omil-a"),
  memberOfficeEntry: entry("org-omil-b"),
  memberOfficeValidatedEntry: entry("org-omil-b", "validated"),
  networkWideEntry: entry(null),
  otherRegionEntry: { type: "goal_entry", networkId: "net-c", regionCode: "08", organizationId: "org-omil-x", source: "manual", status: "pending" },
} satisfies Record<string, Resource>;
type ResourceName = keyof typeof resources;

const matrix: { resource: ResourceName; action: string; allowed: MatrixActorName[] }[] = [
  // The coordinator may not validate its own office's entry; the DR may.
  { resource: "coordinatorOfficeEntry", action: "validate", allowed: ["drNuble"] },
  // Another office's entry: the coordinator and the DR.
  { resource: "memberOfficeEntry", action: "validate", allowed: ["drNuble", "coordinatorLead"] },
  // Reverting a validation is a review too: same people.
  { resource: "memberOfficeValidatedEntry", action: "validate", allowed: ["drNuble", "coordinatorLead"] },
  { resource: "networkWideEntry", action: "validate", allowed: ["drNuble", "coordinatorLead"] },
  { resource: "otherRegionEntry", action: "validate", allowed: ["drBiobio"] },
  // Writing stays with the office itself.
  { resource: "coordinatorOfficeEntry", action: "update", allowed: ["coordinatorLead"] },
  { resource: "memberOfficeEntry", action: "update", allowed: ["memberStaff"] },
];

describe("permission matrix: four eyes on goal entries", () => {
  for (const row of matrix) {
    for (const actorName of allActors) {
      const expected = row.allowed.includes(actorName);
      it(`${actorName} ${expected ? "may" : "may not"} ${row.action} ${row.resource}`, () => {
        expect(can(actors[actorName], row.action, resources[row.resource])).toBe(expected);
      });
    }
  }

  it("says in Spanish why a refused reviewer may not validate", () => {
    expect(entryReviewRefusal(actors.coordinatorLead, resources.coordinatorOfficeEntry)).toBe(
      "Un avance de tu propia OMIL debe revisarlo alguien de fuera de ella: lo valida la Dirección Regional.",
    );
    expect(entryReviewRefusal(actors.memberStaff, resources.memberOfficeEntry)).toBe("Solo la OMIL coordinadora de la red o la Dirección Regional revisan los avances.");
    expect(entryReviewRefusal(actors.drNuble, resources.coordinatorOfficeEntry)).toBeNull();
  });
});
