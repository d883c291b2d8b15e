import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { listWorkQueue } from "~/features/practices/practices.server";
import { PRACTICE_STATUS_LABELS } from "~/features/practices/labels";
import { formatDateTime } from "~/utils/dates";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Borradores y revisiones · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const rows = await listWorkQueue(getDb(), actor);
  return json({ rows: rows.map((r) => ({ slug: r.slug, title: r.title, status: r.status, updatedAt: r.updatedAt.toISOString() })) });
}

export default function PendingPracticesPage() {
  const { rows } = useLoaderData<typeof loader>();
  const inReview = rows.filter((r) => r.status === "in_review");
  const drafts = rows.filter((r) => r.status === "draft");
  const list = (items: typeof rows) =>
    items.length === 0 ? (
      <p className="muted">Nada por ahora.</p>
    ) : (
      <TableScroll label="Listado de prácticas por revisar">
        <table>
          <thead>
            <tr>
              <th scope="col">Práctica</th>
              <th scope="col">Estado</th>
              <th scope="col">Última modificación</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.slug}>
                <td>
                  <Link to={`/buenas-practicas/${r.slug}/editar`}>{r.title}</Link>
                </td>
                <td>{PRACTICE_STATUS_LABELS[r.status]}</td>
                <td>{formatDateTime(r.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    );
  return (
    <>
      <p>
        <Link to="/buenas-practicas">← Buenas prácticas</Link>
      </p>
      <h1>Borradores y revisiones</h1>
      <h2>En revisión</h2>
      {list(inReview)}
      <h2>Borradores</h2>
      {list(drafts)}
    </>
  );
}
