import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { practiceHistory } from "~/features/practices/history.server";
import { findReadablePractice, practiceResource } from "~/features/practices/practices.server";
import styles from "~/features/practices/practices.css";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Historial: ${data?.title ?? "buena práctica"} · Red OMIL` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const practice = await findReadablePractice(db, actor, params.slug ?? "");
  const resource = practice ? practiceResource(practice) : null;
  // The history shows draft text: only those who work on the practice see it.
  if (!practice || !resource || !(can(actor, "update", resource) || can(actor, "comment", resource))) throw notFound("No encontramos esa buena práctica.");
  return json({ slug: practice.slug, title: practice.title, history: await practiceHistory(db, practice.id) });
}

export default function PracticeHistoryPage() {
  const { slug, title, history } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/buenas-practicas/${slug}`}>← {title}</Link>
      </p>
      <h1>Historial de cambios</h1>
      <ol className="timeline" reversed>
        {history.map((rev) => (
          <li key={rev.number}>
            <h2 style={{ fontSize: "1.05rem", margin: "0 0 0.25rem" }}>
              Revisión {rev.number}: {rev.note}
            </h2>
            <p className="muted">
              {rev.authorName || "Sistema"} · <time dateTime={rev.createdAt}>{formatDateTime(rev.createdAt)}</time>
            </p>
            {rev.changes.length === 0 ? <p className="muted">Sin cambios de contenido.</p> : null}
            {rev.changes.map((change) => (
              <details key={change.label} open={history.length < 4}>
                <summary>{change.label}</summary>
                <p className="diff" style={{ whiteSpace: "pre-wrap" }}>
                  {change.parts.map((part, i) =>
                    part.kind === "added" ? (
                      <ins key={i}>{part.text}</ins>
                    ) : part.kind === "removed" ? (
                      <del key={i}>{part.text}</del>
                    ) : (
                      <span key={i}>{part.text}</span>
                    ),
                  )}
                </p>
              </details>
            ))}
          </li>
        ))}
      </ol>
    </>
  );
}
