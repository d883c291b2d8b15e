import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { createEvents, type EventAttributes } from "ics";
import type { DbOrTx } from "~/db/client.server";
import { calendarFeedTokens, networks } from "~/db/schema";
import { MODALITY_LABELS } from "./labels.ts";
import { activityLocation } from "./place.ts";

export { activityLocation };

/*
 * iCal output. Times are written in UTC (…Z), which every client converts to
 * its own zone, so the America/Santiago clock changes never shift an event.
 * Every entry links back to its page and carries the place or the link.
 */

export interface IcalActivity {
  id: string;
  title: string;
  typeLabel: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  modality: "presencial" | "remota" | "hibrida";
  address: string;
  onlineUrl: string;
  comunaName: string | null;
  networkName: string;
  updatedAt?: Date;
  hosts?: { name: string }[];
}

function toEvent(a: IcalActivity, baseUrl: string, pathFor: (id: string) => string): EventAttributes {
  const url = `${baseUrl}${pathFor(a.id)}`;
  const description = [
    `${a.typeLabel} · ${a.networkName}`,
    `Modalidad: ${MODALITY_LABELS[a.modality]}`,
    a.hosts?.length ? `Organizan: ${a.hosts.map((h) => h.name).join(", ")}` : "",
    a.onlineUrl ? `Enlace de conexión: ${a.onlineUrl}` : "",
    `Detalle: ${url}`,
  ]
    .filter(Boolean)
    .join("\n");
  return {
    uid: `${a.id}@redomil`,
    title: a.title,
    start: a.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: a.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    description,
    location: activityLocation(a) || undefined,
    url,
    status: a.status === "cancelada" ? "CANCELLED" : a.status === "borrador" ? "TENTATIVE" : "CONFIRMED",
    categories: [a.typeLabel],
    productId: "redomil/calendario",
    lastModified: a.updatedAt ? a.updatedAt.getTime() : undefined,
  };
}

/** An iCalendar text with one VEVENT per activity. */
export function buildCalendar(items: IcalActivity[], options: { baseUrl: string; name: string; pathFor?: (id: string) => string }): string {
  const pathFor = options.pathFor ?? ((id: string) => `/actividades/${id}`);
  if (items.length === 0) {
    // `ics` refuses an empty list; an empty feed is still a valid calendar.
    return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:redomil/calendario", "CALSCALE:GREGORIAN", `X-WR-CALNAME:${options.name}`, "END:VCALENDAR", ""].join("\r\n");
  }
  const { error, value } = createEvents(
    items.map((a) => toEvent(a, options.baseUrl, pathFor)),
    { calName: options.name, productId: "redomil/calendario" },
  );
  if (error || !value) throw error ?? new Error("No se pudo generar el calendario.");
  return value;
}

export function icsResponse(body: string, filename: string, cache = "private, max-age=300"): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${filename}"`,
      "Cache-Control": cache,
    },
  });
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** A new private feed URL token; only its hash is stored. Returns the token (shown once). */
export async function createFeedToken(db: DbOrTx, userId: string, networkId: string | null): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  await db.insert(calendarFeedTokens).values({ userId, networkId, tokenHash: hashToken(token) });
  return token;
}

export async function revokeFeedToken(db: DbOrTx, userId: string, feedId: string) {
  await db.update(calendarFeedTokens).set({ revokedAt: new Date() }).where(and(eq(calendarFeedTokens.id, feedId), eq(calendarFeedTokens.userId, userId)));
}

export async function findFeedByToken(db: DbOrTx, token: string) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
  const [row] = await db
    .select()
    .from(calendarFeedTokens)
    .where(and(eq(calendarFeedTokens.tokenHash, hashToken(token)), isNull(calendarFeedTokens.revokedAt)));
  return row;
}

export async function listFeeds(db: DbOrTx, userId: string) {
  return db
    .select({ id: calendarFeedTokens.id, networkId: calendarFeedTokens.networkId, networkName: networks.name, createdAt: calendarFeedTokens.createdAt })
    .from(calendarFeedTokens)
    .leftJoin(networks, eq(networks.id, calendarFeedTokens.networkId))
    .where(and(eq(calendarFeedTokens.userId, userId), isNull(calendarFeedTokens.revokedAt)))
    .orderBy(desc(calendarFeedTokens.createdAt));
}
