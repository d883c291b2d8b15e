import { describe, expect, it } from "vitest";
import { can, type Resource } from "~/permissions/permissions";
import { buildActor, matrixActors, type MatrixActorName } from "../../factories/actors";

/*
 * Goals: role × resource × action, both sides of every row. The cast (see
 * factories/actors): coordinatorLead is OMIL a (coordinates net-a),
 * memberStaff is OMIL b (member of net-a), otherNetworkLead is OMIL z in net-b,
 * drNuble oversees region 16, drBiobio region 08.
 */
const actors = { ...matrixActors(), coordinatorStaff: buildActor("omil_staff", { organizationId: "org-omil-a", memberNetworkIds: ["net-a"], coordinatedNetworkIds: ["net-a"] }) };
type Name = MatrixActorName | "coordinatorStaff";
const allActors = Object.keys(actors) as Name[];

const entry = (organizationId: string | null, status: "pending" | "validated" | "rejected" = "pending", source: "manual" | "activity" = "manual") =>
  ({ type: "goal_entry", networkId: "net-a", regionCode: "16", organizationId, source, status }) as const;

const resources = {
  goalA: { type: "goal", networkId: "net-a", regionCode: "16" },
  goalB: { type: "goal", networkId: "net-b", regionCode: "16" },
  goalBiobio: { type: "goal", networkId: "net-c", regionCode: "08" },
  entryOfB: entry("org-omil-b"),
  entryOfBValidated: entry("org-omil-b", "validated"),
  entryOfBRejected: entry("org-omil-b", "rejected"),
  entryOfA: entry("org-omil-a"),
  entryFromActivity: entry("org-omil-b", "pending", "activity"),
  entryNetworkWide: entry(null, "pending", "activity"),
  region16: { type: "region_goals", regionCode: "16" },
  region08: { type: "region_goals", regionCode: "08" },
} satisfies Record<string, Resource>;
type ResourceName = keyof typeof resources;

const readersA: Name[] = ["ncAdmin", "drNuble", "coordinatorLead", "memberStaff", "coordinatorStaff"];
const matrix: { resource: ResourceName; action: string; allowed: Name[] }[] = [
  { resource: "goalA", action: "read", allowed: readersA },
  { resource: "goalA", action: "export", allowed: readersA },
  { resource: "goalA", action: "create", allowed: ["ncAdmin", "drNuble", "coordinatorLead", "coordinatorStaff"] },
  { resource: "goalA", action: "update", allowed: ["ncAdmin", "drNuble", "coordinatorLead", "coordinatorStaff"] },
  { resource: "goalA", action: "delete", allowed: ["ncAdmin", "drNuble", "coordinatorLead", "coordinatorStaff"] },
  { resource: "goalA", action: "contribute", allowed: ["coordinatorLead", "memberStaff", "coordinatorStaff"] },
  { resource: "goalA", action: "validate", allowed: ["drNuble", "coordinatorLead", "coordinatorStaff"] },
  { resource: "goalA", action: "unknown", allowed: [] },
  { resource: "goalB", action: "read", allowed: ["ncAdmin", "drNuble", "otherNetworkLead"] },
  { resource: "goalB", action: "create", allowed: ["ncAdmin", "drNuble"] },
  { resource: "goalB", action: "validate", allowed: ["drNuble"] },
  { resource: "goalB", action: "contribute", allowed: ["otherNetworkLead"] },
  { resource: "goalBiobio", action: "read", allowed: ["ncAdmin", "drBiobio"] },
  { resource: "goalBiobio", action: "validate", allowed: ["drBiobio"] },
  // Offices write only their own entries, and only while pending.
  { resource: "entryOfB", action: "read", allowed: readersA },
  { resource: "entryOfB", action: "create", allowed: ["memberStaff"] },
  { resource: "entryOfB", action: "update", allowed: ["memberStaff"] },
  { resource: "entryOfB", action: "delete", allowed: ["memberStaff"] },
  { resource: "entryOfB", action: "validate", allowed: ["drNuble", "coordinatorLead", "coordinatorStaff"] },
  { resource: "entryOfBValidated", action: "delete", allowed: [] },
  { resource: "entryOfBValidated", action: "update", allowed: [] },
  { resource: "entryOfBValidated", action: "validate", allowed: ["drNuble", "coordinatorLead", "coordinatorStaff"] },
  // Replacing the evidence file: the office's own pending entry only; a reviewed entry's file is part of the record.
  { resource: "entryOfB", action: "replace_evidence", allowed: ["memberStaff"] },
  { resource: "entryOfBValidated", action: "replace_evidence", allowed: [] },
  { resource: "entryOfBRejected", action: "replace_evidence", allowed: [] },
  { resource: "entryOfA", action: "replace_evidence", allowed: ["coordinatorLead", "coordinatorStaff"] },
  { resource: "entryFromActivity", action: "replace_evidence", allowed: [] },
  { resource: "entryNetworkWide", action: "replace_evidence", allowed: [] },
  { resource: "goalA", action: "replace_evidence", allowed: [] },
  { resource: "entryOfA", action: "create", allowed: ["coordinatorLead", "coordinatorStaff"] },
  { resource: "entryOfA", action: "delete", allowed: ["coordinatorLead", "coordinatorStaff"] },
  // Activity-derived entries follow the activity: nobody edits them here.
  { resource: "entryFromActivity", action: "delete", allowed: [] },
  { resource: "entryFromActivity", action: "update", allowed: [] },
  { resource: "entryFromActivity", action: "validate", allowed: ["drNuble", "coordinatorLead", "coordinatorStaff"] },
  { resource: "entryNetworkWide", action: "create", allowed: [] },
  { resource: "region16", action: "read", allowed: ["ncAdmin", "drNuble"] },
  { resource: "region08", action: "read", allowed: ["ncAdmin", "drBiobio"] },
  { resource: "region16", action: "update", allowed: [] },
];

describe("permission matrix: goals", () => {
  for (const row of matrix) {
    for (const actorName of allActors) {
      const expected = row.allowed.includes(actorName);
      it(`${actorName} ${expected ? "may" : "may not"} ${row.action} ${row.resource}`, () => {
        expect(can(actors[actorName], row.action, resources[row.resource])).toBe(expected);
      });
    }
  }
});
