import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "~/db/client.server";
import { comunas } from "~/db/schema";
import { notFound } from "~/auth/session.server";
import type { MaybeActor } from "~/permissions/actor";
import { findReadableActivity, listActivityTypes, listNetworkOffices, type NetworkRow } from "./activities.server.ts";
import type { ActivityFormOptions } from "./activity-form.tsx";

/** Shared loader steps of the activity pages. */

export async function requireReadableActivity(db: DbOrTx, actor: MaybeActor, id: string | undefined) {
  const found = await findReadableActivity(db, actor, id ?? "");
  if (!found) throw notFound("No encontramos esa actividad, o no tienes acceso a ella.");
  return found;
}

export async function activityFormOptions(db: DbOrTx, network: NetworkRow): Promise<ActivityFormOptions> {
  const [types, offices, regionComunas] = await Promise.all([
    listActivityTypes(db),
    listNetworkOffices(db, network.id),
    db.select({ code: comunas.code, name: comunas.name }).from(comunas).where(eq(comunas.regionCode, network.regionCode)).orderBy(asc(comunas.name)),
  ]);
  return {
    networkId: network.id,
    types: types.map((t) => ({ slug: t.slug, label: t.label })),
    offices: offices.map((o) => ({ id: o.id, name: o.name, comunaCode: o.comunaCode })),
    comunas: regionComunas,
  };
}

/**
 * Defaults of the new-activity form that pass on the first submit: "Presencial" in the host
 * office's comuna, the host being the person's own office when it belongs to the network.
 */
export function newActivityDefaults(options: ActivityFormOptions, organizationId: string) {
  const host = options.offices.find((o) => o.id === organizationId) ?? (options.offices.length === 1 ? options.offices[0] : undefined);
  const comunaCode = host?.comunaCode && options.comunas.some((c) => c.code === host.comunaCode) ? host.comunaCode : undefined;
  return comunaCode
    ? { modality: "presencial" as const, comunaCode, hostOrganizationId: host?.id }
    : { modality: "remota" as const, hostOrganizationId: host?.id };
}
