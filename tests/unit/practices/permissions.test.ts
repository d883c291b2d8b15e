import { describe, expect, it } from "vitest";
import { can } from "~/permissions/permissions";
import type { PracticeResource } from "~/permissions/rules/practices";
import { buildActor } from "../../factories/actors";

const practice = (status: "draft" | "in_review" | "published" | "archived", regionCode: string | null = "16", ownerOrganizationId: string | null = "org-omil-a"): PracticeResource => ({
  type: "practice",
  status,
  regionCode,
  ownerOrganizationId,
});

const owner = buildActor("omil_lead");
const sameRegionOmil = buildActor("omil_staff");
const dr = buildActor("dr_staff");
const otherDr = buildActor("dr_staff", { organizationId: "org-dr-08", regionCode: "08" });
const nc = buildActor("nc_admin");

describe("practice permissions", () => {
  it("publishes to everyone, anonymous included; drafts only to the owner office and the reviewers", () => {
    expect(can(null, "read", practice("published"))).toBe(true);
    for (const status of ["draft", "in_review", "archived"] as const) {
      expect(can(null, "read", practice(status))).toBe(false);
      expect(can(sameRegionOmil, "read", practice(status))).toBe(false);
      expect(can(otherDr, "read", practice(status))).toBe(false);
      expect(can(owner, "read", practice(status))).toBe(true);
      expect(can(dr, "read", practice(status))).toBe(true);
      expect(can(nc, "read", practice(status))).toBe(true);
    }
  });

  it("lets OMIL and DR staff create and import; only Nivel Central manages the taxonomies", () => {
    for (const actor of [owner, sameRegionOmil, dr, nc]) expect(can(actor, "create", { type: "practice_library" })).toBe(true);
    expect(can(null, "import", { type: "practice_library" })).toBe(false);
    expect(can(dr, "manage_taxonomies", { type: "practice_library" })).toBe(false);
    expect(can(nc, "manage_taxonomies", { type: "practice_library" })).toBe(true);
  });

  it("reserves publishing, returning and archiving to the region's DR or Nivel Central", () => {
    expect(can(owner, "submit", practice("draft"))).toBe(true);
    expect(can(owner, "publish", practice("in_review"))).toBe(false);
    expect(can(otherDr, "publish", practice("in_review"))).toBe(false);
    expect(can(dr, "publish", practice("in_review"))).toBe(true);
    expect(can(dr, "return", practice("in_review"))).toBe(true);
    expect(can(dr, "return", practice("draft"))).toBe(false);
    expect(can(nc, "archive", practice("published"))).toBe(true);
    expect(can(owner, "archive", practice("published"))).toBe(false);
    // Without a region only Nivel Central reviews.
    expect(can(dr, "publish", practice("in_review", null))).toBe(false);
    expect(can(nc, "publish", practice("in_review", null))).toBe(true);
  });

  it("lets only the reviewer change a published text; nobody edits an archived one", () => {
    expect(can(owner, "update", practice("draft"))).toBe(true);
    expect(can(owner, "update", practice("published"))).toBe(false);
    expect(can(dr, "update", practice("published"))).toBe(true);
    expect(can(dr, "update", practice("archived"))).toBe(false);
    expect(can(null, "update", practice("draft", "16", null))).toBe(false);
  });
});
