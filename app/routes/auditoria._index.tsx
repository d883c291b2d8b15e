import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from "~/features/audit/actions";
import { listAuditEvents, parseAuditFilters } from "~/features/audit/log.server";
import { auditEventView, auditFilterOptions, requireAuditAccess } from "~/features/audit/page.server";
import { AUDIT_FILTER_KEYS } from "~/features/audit/schema";
import { TableScroll } from "~/components/table-scroll";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Registro de auditoría · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requireAuditAccess(actor, "read");
  const db = getDb();
  const { filters, errors } = parseAuditFilters(new URL(request.url));
  const options = await auditFilterOptions(db, actor);
  const result = await listAuditEvents(db, actor, filters);
  const networkNames = new Map(options.networks.map((n) => [n.value, n.label]));
  const personNames = new Map(options.people.map((p) => [p.value, p.label]));
  return json({
    filters,
    errors,
    options,
    scope: actor.role === "nc_admin" ? "todas las regiones" : `la región de ${actor.organizationName}`,
    events: result.events.map((e) => auditEventView(e, networkNames, personNames)),
    total: result.total,
    page: result.page,
    totalPages: result.totalPages,
  });
}

function queryString(filters: Record<string, string | number | undefined>, page?: number): string {
  const params = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  if (page && page > 1) params.set("pagina", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

export default function AuditLogPage() {
  const { filters, errors, options, scope, events, total, page, totalPages } = useLoaderData<typeof loader>();
  const errorList = Object.values(errors);
  return (
    <section className="page" aria-labelledby="audit-title">
      <h1 id="audit-title">Registro de auditoría</h1>
      <p className="muted">
        Quién hizo qué y cuándo en {scope}. Las horas son de Chile continental. El registro no se puede editar ni borrar.
      </p>
      {errorList.length > 0 ? (
        <Notice tone="error" role="alert">
          <p>Algunos filtros no se aplicaron:</p>
          <ul>
            {errorList.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <Form method="get" className="inline-form card" aria-label="Filtrar el registro">
        <div className="field">
          <label htmlFor="audit-red">Red</label>
          <select id="audit-red" name="red" defaultValue={filters.red ?? ""}>
            <option value="">Todas</option>
            {options.networks.map((n) => (
              <option key={n.value} value={n.value}>
                {n.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-persona">Persona</label>
          <select id="audit-persona" name="persona" defaultValue={filters.persona ?? ""}>
            <option value="">Todas</option>
            {options.people.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-accion">Acción</label>
          <select id="audit-accion" name="accion" defaultValue={filters.accion ?? ""}>
            <option value="">Todas</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-desde">Desde</label>
          <input id="audit-desde" type="date" name="desde" defaultValue={filters.desde ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="audit-hasta">Hasta</label>
          <input id="audit-hasta" type="date" name="hasta" defaultValue={filters.hasta ?? ""} />
        </div>
        <button className="button" type="submit">
          Filtrar
        </button>
        <Link className="button button--secondary" to="/auditoria">
          Quitar filtros
        </Link>
      </Form>
      <p className="actions">
        <a className="button button--secondary" href={`/auditoria.csv${queryString(filters)}`} download>
          Descargar CSV
        </a>
      </p>
      <p role="status">{total === 1 ? "1 evento" : `${total.toLocaleString("es-CL")} eventos`}</p>
      {events.length === 0 ? (
        <p>No hay eventos con estos filtros.</p>
      ) : (
        <div style={{ overflowX: "auto" }}>
          <TableScroll label="Listado de eventos">
            <table>
              <caption className="visually-hidden">Eventos del registro de auditoría, del más reciente al más antiguo</caption>
              <thead>
                <tr>
                  <th scope="col">Fecha y hora</th>
                  <th scope="col">Persona</th>
                  <th scope="col">Acción</th>
                  <th scope="col">Recurso</th>
                  <th scope="col">Red</th>
                  <th scope="col">Detalle</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <time dateTime={e.whenIso}>{e.when}</time>
                    </td>
                    <td>{e.who}</td>
                    <td>{e.actionLabel}</td>
                    <td>{e.resource}</td>
                    <td>{e.network}</td>
                    <td>{e.details}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      )}
      {totalPages > 1 ? (
        <nav aria-label="Páginas del registro">
          <ul className="pagination">
            {page > 1 ? (
              <li>
                <Link to={`/auditoria${queryString(filters, page - 1)}`} rel="prev">
                  Anterior
                </Link>
              </li>
            ) : null}
            <li>
              <span aria-current="page">
                Página {page} de {totalPages}
              </span>
            </li>
            {page < totalPages ? (
              <li>
                <Link to={`/auditoria${queryString(filters, page + 1)}`} rel="next">
                  Siguiente
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </section>
  );
}
