import { sql } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { activityTypes } from "~/db/schema";
import typesData from "../../../content/taxonomies/activity-types.json";

/** Loads the activity types taxonomy from content/ (upsert: labels edited in content win, extra types stay). */
export async function ensureActivityTypes(db: DbOrTx) {
  const rows = (typesData as { slug: string; label: string }[]).map((t, position) => ({ slug: t.slug, label: t.label, position }));
  await db
    .insert(activityTypes)
    .values(rows)
    .onConflictDoUpdate({ target: activityTypes.slug, set: { label: sql`excluded.label`, position: sql`excluded.position` } });
}
