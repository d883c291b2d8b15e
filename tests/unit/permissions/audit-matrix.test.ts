import { describe, expect, it } from "vitest";
import { can, type Resource } from "~/permissions/permissions";
import { matrixActors, type MatrixActorName } from "../../factories/actors";

/* The audit log: Nivel Central everything, a Dirección Regional its own region, OMIL roles and visitors nothing. */
const actors = matrixActors();
const allActors = Object.keys(actors) as MatrixActorName[];

const resources = {
  nubleLog: { type: "audit_log", regionCode: "16" },
  biobioLog: { type: "audit_log", regionCode: "08" },
  nationalLog: { type: "audit_log", regionCode: null },
} satisfies Record<string, Resource>;

const matrix: { resource: keyof typeof resources; action: string; allowed: MatrixActorName[] }[] = [
  { resource: "nubleLog", action: "read", allowed: ["ncAdmin", "drNuble"] },
  { resource: "nubleLog", action: "export", allowed: ["ncAdmin", "drNuble"] },
  { resource: "biobioLog", action: "read", allowed: ["ncAdmin", "drBiobio"] },
  { resource: "biobioLog", action: "export", allowed: ["ncAdmin", "drBiobio"] },
  { resource: "nationalLog", action: "read", allowed: ["ncAdmin"] },
  { resource: "nationalLog", action: "export", allowed: ["ncAdmin"] },
  // Append-only: nobody may change or delete events.
  { resource: "nubleLog", action: "update", allowed: [] },
  { resource: "nubleLog", action: "delete", allowed: [] },
];

describe("permission matrix: audit log", () => {
  for (const row of matrix) {
    for (const actorName of allActors) {
      const expected = row.allowed.includes(actorName);
      it(`${actorName} ${expected ? "may" : "may not"} ${row.action} ${row.resource}`, () => {
        expect(can(actors[actorName], row.action, resources[row.resource])).toBe(expected);
      });
    }
  }
});
