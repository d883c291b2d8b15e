import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { listActivityTypes } from "~/features/activities/activities.server";
import { calendarNetworkIds, calendarRange, listCalendarActivities, type CalendarView } from "~/features/activities/calendar.server";
import { CalendarGrid, CalendarList } from "~/features/activities/calendar-views";
import { createFeedToken, listFeeds, revokeFeedToken } from "~/features/activities/ical.server";
import { addDaysToDay } from "~/features/activities/time";
import { findReadableNetwork, listNetworksFor } from "~/features/networks/networks.server";
import { listRegions } from "~/features/territory/territory.server";
import { can } from "~/permissions/permissions";
import { getEnv } from "~/env.server";
import { formatDay, todayInChile } from "~/utils/dates";
import { isUuid } from "~/utils/ids";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Calendario · Red OMIL" }];

const VIEWS: CalendarView[] = ["mes", "semana", "lista"];
const VIEW_LABELS: Record<CalendarView, string> = { mes: "Mes", semana: "Semana", lista: "Lista" };
const PERIOD_WORDS: Record<CalendarView, [string, string]> = { mes: ["Mes anterior", "Mes siguiente"], semana: ["Semana anterior", "Semana siguiente"], lista: ["Anterior", "Siguiente"] };

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const url = new URL(request.url);
  const view = (VIEWS as string[]).includes(url.searchParams.get("vista") ?? "") ? (url.searchParams.get("vista") as CalendarView) : "mes";
  const fecha = url.searchParams.get("fecha");
  const anchor = fecha && /^\d{4}-\d{2}-\d{2}$/.test(fecha) ? fecha : todayInChile();
  const networkParam = url.searchParams.get("red") ?? "";
  const regionParam = url.searchParams.get("region") ?? undefined;
  let networkIds = await calendarNetworkIds(db, actor, regionParam);
  if (networkParam) {
    const network = await findReadableNetwork(db, actor, networkParam);
    if (!network) throw notFound("No encontramos esa red, o no tienes acceso a ella.");
    networkIds = networkIds.filter((id) => id === network.id);
  }
  const typeSlug = url.searchParams.get("tipo") || undefined;
  const office = url.searchParams.get("oficina") ?? "";
  const range = calendarRange(view, anchor);
  const entries = await listCalendarActivities(db, { networkIds, typeSlug, organizationId: isUuid(office) ? office : undefined, from: range.from, to: range.to });
  const networks = (await listNetworksFor(db, actor)).filter((n) => networkIds.includes(n.id) || !networkParam);
  const step = view === "semana" ? 7 : view === "lista" ? 90 : 0;
  const [y, m] = anchor.split("-").map(Number);
  const prev = step ? addDaysToDay(anchor, -step) : `${m === 1 ? y - 1 : y}-${String(m === 1 ? 12 : m - 1).padStart(2, "0")}-01`;
  const next = step ? addDaysToDay(anchor, step) : `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, "0")}-01`;
  // DR and Nivel Central choose a region (the ones they oversee); offices see their networks.
  const regions = actor.role === "dr_staff" || actor.role === "nc_admin" ? (await listRegions(db)).filter((r) => can(actor, "read", { type: "calendar", regionCode: r.code, networkId: null })) : [];
  const today = todayInChile();
  const title =
    view === "mes"
      ? formatDay(`${anchor.slice(0, 7)}-01`, "MMMM 'de' yyyy")
      : `${view === "semana" ? "Semana del" : "Del"} ${formatDay(range.fromDay, "d 'de' MMMM")} al ${formatDay(addDaysToDay(range.toDay, -1), "d 'de' MMMM 'de' yyyy")}`;
  const offices = [...new Map(entries.flatMap((e) => e.hosts).map((h) => [h.organizationId, h.name])).entries()].map(([id, name]) => ({ id, name }));
  return json({
    view,
    anchor,
    today,
    title,
    regions: regions.map((r) => ({ code: r.code, name: r.name })),
    prev,
    next,
    range: { days: range.days, fromDay: range.fromDay, toDay: range.toDay },
    entries,
    filters: { red: networkParam, tipo: typeSlug ?? "", oficina: office, region: regionParam ?? "" },
    networks: networks.map((n) => ({ id: n.id, name: n.name })),
    types: (await listActivityTypes(db)).map((t) => ({ slug: t.slug, label: t.label })),
    offices,
    feeds: await listFeeds(db, actor.userId),
    baseUrl: getEnv().baseUrl,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "create-feed") {
    const networkId = String(form.get("networkId") ?? "");
    let scope: string | null = null;
    if (networkId) {
      const network = await findReadableNetwork(db, actor, networkId);
      if (!network) throw notFound();
      scope = network.id;
    }
    const token = await createFeedToken(db, actor.userId, scope);
    return json({ feedUrl: `${getEnv().baseUrl}/ical/${token}.ics` });
  }
  if (intent === "revoke-feed") {
    const feedId = String(form.get("feedId") ?? "");
    if (isUuid(feedId)) await revokeFeedToken(db, actor.userId, feedId);
    return json({ feedUrl: null });
  }
  throw new Response("Acción desconocida.", { status: 400 });
}

export default function CalendarPage() {
  const d = useLoaderData<typeof loader>();
  const created = useActionData<typeof action>();
  const link = (changes: Record<string, string>) => {
    const params = new URLSearchParams({ vista: d.view, fecha: d.anchor, ...Object.fromEntries(Object.entries(d.filters).filter(([, v]) => v)), ...changes });
    return `/calendario?${params.toString()}`;
  };
  return (
    <section className="page" aria-labelledby="calendar-title">
      <h1 id="calendar-title">Calendario de actividades</h1>
      <nav aria-label="Vista del calendario" className="actions">
        {VIEWS.map((v) => (
          <Link key={v} to={link({ vista: v })} className={v === d.view ? "button" : "button button--secondary"} aria-current={v === d.view ? "page" : undefined}>
            {VIEW_LABELS[v]}
          </Link>
        ))}
        <Link className="button" to={d.filters.red ? `/actividades/nueva?red=${d.filters.red}` : "/actividades/nueva"}>
          Nueva actividad
        </Link>
      </nav>
      <Form method="get" className="inline-form card" aria-label="Filtros del calendario">
        <input type="hidden" name="vista" value={d.view} />
        <input type="hidden" name="fecha" value={d.anchor} />
        {d.regions.length > 0 ? (
          <>
            <label htmlFor="f-region">Región</label>
            <select id="f-region" name="region" defaultValue={d.filters.region}>
              <option value="">{d.regions.length > 1 ? "Todas las regiones" : "Mi región"}</option>
              {d.regions.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}
                </option>
              ))}
            </select>
          </>
        ) : d.filters.region ? (
          <input type="hidden" name="region" value={d.filters.region} />
        ) : null}
        <label htmlFor="f-red">Red</label>
        <select id="f-red" name="red" defaultValue={d.filters.red}>
          <option value="">Todas</option>
          {d.networks.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name}
            </option>
          ))}
        </select>
        <label htmlFor="f-tipo">Tipo</label>
        <select id="f-tipo" name="tipo" defaultValue={d.filters.tipo}>
          <option value="">Todos</option>
          {d.types.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.label}
            </option>
          ))}
        </select>
        <label htmlFor="f-oficina">OMIL</label>
        <select id="f-oficina" name="oficina" defaultValue={d.filters.oficina}>
          <option value="">Todas</option>
          {d.offices.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        <button className="button" type="submit">
          Filtrar
        </button>
      </Form>
      <div className="calendar-head">
        <h2 id="period-title" className="calendar-head__title">
          {d.title}
        </h2>
        <nav aria-label="Cambiar período" className="calendar-head__nav">
          <Link className="button button--secondary" to={link({ fecha: d.prev })}>
            ← {PERIOD_WORDS[d.view][0]}
          </Link>
          <Link className="button button--secondary" to={link({ fecha: d.today })} aria-current={d.range.fromDay <= d.today && d.today < d.range.toDay ? "date" : undefined}>
            Hoy
          </Link>
          <Link className="button button--secondary" to={link({ fecha: d.next })}>
            {PERIOD_WORDS[d.view][1]} →
          </Link>
        </nav>
      </div>
      <p className="muted">
        Del {formatDay(d.range.fromDay)} al {formatDay(addDaysToDay(d.range.toDay, -1))} · hora de Chile
      </p>
      {d.view === "lista" ? (
        <CalendarList entries={d.entries} />
      ) : (
        <CalendarGrid days={d.range.days} entries={d.entries} month={d.view === "mes" ? d.anchor.slice(0, 7) : null} today={d.today} label={d.title} />
      )}
      <section aria-labelledby="feeds-title" className="card">
        <h2 id="feeds-title">Suscribirse desde tu calendario (iCal)</h2>
        <p className="muted">Una dirección privada que tu calendario (Google, Outlook, el teléfono) consulta solo. No la compartas; si se filtra, revócala y crea otra.</p>
        {created?.feedUrl ? (
          <Notice tone="ok" role="status">
            Copia ahora esta dirección (no se volverá a mostrar): <code>{created.feedUrl}</code>
          </Notice>
        ) : null}
        <ul>
          {d.feeds.map((f) => (
            <li key={f.id}>
              {f.networkName ? `Red ${f.networkName}` : "Todas mis redes"} · creada el {formatDay(String(f.createdAt).slice(0, 10))}{" "}
              <Form method="post" style={{ display: "inline" }}>
                <input type="hidden" name="intent" value="revoke-feed" />
                <input type="hidden" name="feedId" value={f.id} />
                <button className="button button--danger" type="submit">
                  Revocar
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Form method="post" className="inline-form" aria-label="Crear dirección iCal">
          <input type="hidden" name="intent" value="create-feed" />
          <label htmlFor="feed-red">Calendario de</label>
          <select id="feed-red" name="networkId" defaultValue={d.filters.red}>
            <option value="">Todas mis redes</option>
            {d.networks.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
              </option>
            ))}
          </select>
          <button className="button" type="submit">
            Crear dirección privada
          </button>
        </Form>
      </section>
    </section>
  );
}
