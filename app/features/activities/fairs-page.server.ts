import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { listRegions } from "~/features/territory/territory.server";
import { formatDateTime } from "~/utils/dates";
import { listPublicFairs } from "./calendar.server.ts";
import { fairsJsonLd } from "./json-ld.ts";
import { MODALITY_LABELS } from "./labels.ts";
import { activityLocation } from "./place.ts";

/**
 * The public job fairs page (/ferias): upcoming fairs, optionally of one region, with their dates,
 * place and modality already in words. Formatting here keeps the date library out of the page's
 * JavaScript (docs/decisions/0125).
 */
export async function loadPublicFairsPage(request: Request) {
  const db = getDb();
  const region = new URL(request.url).searchParams.get("region") ?? "";
  const regionCode = /^\d{2}$/.test(region) ? region : undefined;
  const fairs = await listPublicFairs(db, new Date(), regionCode);
  const regions = (await listRegions(db)).map((r) => ({ code: r.code, name: r.name }));
  return {
    fairs: fairs.map((f) => ({
      id: f.id,
      title: f.title,
      when: `${formatDateTime(f.startsAt)} – ${formatDateTime(f.endsAt, "HH:mm")}`,
      modality: MODALITY_LABELS[f.modality],
      place: activityLocation(f),
      regionName: f.regionName,
      hosts: f.hosts.map((h) => h.name),
      audience: f.audience,
    })),
    regions,
    regionCode: regionCode ?? "",
    jsonLd: fairsJsonLd(fairs, getEnv().baseUrl),
  };
}
