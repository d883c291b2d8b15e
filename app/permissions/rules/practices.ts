import { isNationalAdmin, oversees, type MaybeActor } from "../actor.ts";

/*
 * Good practices. OMIL and DR staff write drafts; the Dirección Regional of the
 * practice's region (or Nivel Central) reviews, publishes and archives.
 * Published practices are public, anonymous visitors included.
 */
export type PracticeResource =
  | {
      type: "practice";
      status: "draft" | "in_review" | "published" | "archived";
      regionCode: string | null;
      /** The office that owns the write-up. */
      ownerOrganizationId: string | null;
    }
  /** Creating a practice, or the library's taxonomies: no particular practice. */
  | { type: "practice_library" };

type PracticeRow = Extract<PracticeResource, { type: "practice" }>;

const isWriter = (a: MaybeActor) => !!a && ["nc_admin", "dr_staff", "omil_lead", "omil_staff"].includes(a.role);
const isOwnerOffice = (a: MaybeActor, r: PracticeRow) => !!a && !!r.ownerOrganizationId && a.organizationId === r.ownerOrganizationId;
/** The reviewer of a practice: Nivel Central, or the DR of its region (a practice without region: Nivel Central only). */
const reviews = (a: MaybeActor, r: PracticeRow) => oversees(a, r.regionCode);

export function practiceRule(actor: MaybeActor, action: string, r: PracticeRow): boolean {
  switch (action) {
    case "read":
      return r.status === "published" || isOwnerOffice(actor, r) || reviews(actor, r);
    case "update":
      // Drafts: the owner office and the reviewer. Published text changes only by the reviewer (it is public).
      if (r.status === "draft" || r.status === "in_review") return isOwnerOffice(actor, r) || reviews(actor, r);
      if (r.status === "published") return reviews(actor, r);
      return false;
    case "comment":
      return r.status !== "archived" && (isOwnerOffice(actor, r) || reviews(actor, r));
    case "submit":
      return r.status === "draft" && (isOwnerOffice(actor, r) || reviews(actor, r));
    case "publish":
      return (r.status === "in_review" || r.status === "draft" || r.status === "archived") && reviews(actor, r);
    case "return":
      return r.status === "in_review" && reviews(actor, r);
    case "archive":
      return r.status === "published" && reviews(actor, r);
    case "attach":
      return (r.status === "draft" || r.status === "in_review" || r.status === "published") && (isOwnerOffice(actor, r) || reviews(actor, r));
    default:
      return false;
  }
}

export function practiceLibraryRule(actor: MaybeActor, action: string): boolean {
  switch (action) {
    case "create":
    case "import":
      return isWriter(actor);
    case "manage_taxonomies":
      return isNationalAdmin(actor);
    default:
      return false;
  }
}

export const practiceRules: Record<string, (actor: MaybeActor, action: string, resource: never) => boolean> = {
  practice: practiceRule as (actor: MaybeActor, action: string, resource: never) => boolean,
  practice_library: practiceLibraryRule as (actor: MaybeActor, action: string, resource: never) => boolean,
};
