import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PRACTICE_STATUS_LABELS } from "~/features/practices/labels";
import { loadPracticePage } from "~/features/practices/practice-page.server";
import styles from "~/features/practices/practices.css";
import { Notice } from "~/components/notice";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.practice.title ?? "Buena práctica"} · Red OMIL` },
  { name: "description", content: data?.practice.organizationName ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return json(await loadPracticePage(request, params.slug ?? ""));
}

export default function PracticePage() {
  const { practice: p, sections, attachments, similar, canEdit, canSeeHistory } = useLoaderData<typeof loader>();
  return (
    <article className="practice-article">
      <p className="no-print">
        <Link to="/buenas-practicas">← Volver a buenas prácticas</Link>
      </p>
      <h1>{p.title}</h1>
      {p.status !== "published" ? (
        <Notice tone="warning">
          Estado: <strong>{PRACTICE_STATUS_LABELS[p.status]}</strong>. Esta versión no es pública.
        </Notice>
      ) : null}
      <dl>
        {p.organizationName ? (
          <>
            <dt>Organización</dt>
            <dd>{p.organizationName}</dd>
          </>
        ) : null}
        {p.regionName ? (
          <>
            <dt>Región</dt>
            <dd>{p.regionName}</dd>
          </>
        ) : null}
        {p.comunas.length ? (
          <>
            <dt>Comunas</dt>
            <dd>{p.comunas.join(", ")}</dd>
          </>
        ) : null}
        {p.year ? (
          <>
            <dt>Año</dt>
            <dd>{p.year}</dd>
          </>
        ) : null}
        {p.publishedOn ? (
          <>
            <dt>Publicada</dt>
            <dd>{p.publishedOn}</dd>
          </>
        ) : null}
      </dl>
      <div className="actions no-print">
        <a className="button button--secondary" href={`/buenas-practicas/${p.slug}/docx`} download>
          Descargar en Word (.docx)
        </a>
        <button className="button button--secondary" type="button" onClick={() => window.print()}>
          Imprimir
        </button>
        {canEdit ? (
          <Link className="button" to={`/buenas-practicas/${p.slug}/editar`}>
            Editar
          </Link>
        ) : null}
        {canSeeHistory ? (
          <Link className="button button--secondary" to={`/buenas-practicas/${p.slug}/historial`}>
            Historial de cambios
          </Link>
        ) : null}
      </div>
      {p.ambitos.length ? (
        <section aria-labelledby="ambitos-title">
          <h2 id="ambitos-title">Ámbitos impactados</h2>
          <ul>
            {p.ambitos.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.beneficiarios.length ? (
        <section aria-labelledby="beneficiarios-title">
          <h2 id="beneficiarios-title">Beneficiarios</h2>
          <ul>
            {p.beneficiarios.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {sections.map((s) => (
        <section key={s.key} aria-labelledby={`s-${s.key}`}>
          {s.groupHeading ? <h2>{s.groupHeading}</h2> : null}
          <h3 id={`s-${s.key}`}>{s.label}</h3>
          {/* Stored HTML is rendered by us from text and sanitized (content.server.ts). */}
          <div dangerouslySetInnerHTML={{ __html: s.html }} />
        </section>
      ))}
      {p.links.length ? (
        <section aria-labelledby="links-title">
          <h2 id="links-title">Enlaces</h2>
          <ul>
            {p.links.map((l) => (
              <li key={l.url}>
                <a href={l.url} rel="noopener noreferrer">
                  {l.label ?? l.url}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {attachments.length ? (
        <section aria-labelledby="attachments-title">
          <h2 id="attachments-title">Archivos adjuntos</h2>
          <ul>
            {attachments.map((a) => (
              <li key={a.id}>
                <a href={`/buenas-practicas/${p.slug}/adjuntos/${a.id}`}>{a.filename}</a>{" "}
                <span className="muted">({(a.size / 1024).toLocaleString("es-CL", { maximumFractionDigits: 0 })} KB)</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {similar.length ? (
        <aside aria-labelledby="similar-title" className="no-print">
          <h2 id="similar-title">Prácticas similares</h2>
          <ul className="similar">
            {similar.map((s) => (
              <li key={s.slug}>
                <Link to={`/buenas-practicas/${s.slug}`}>{s.title}</Link>
                <span className="muted"> · {[s.organizationName, s.year].filter(Boolean).join(" · ")}</span>
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
    </article>
  );
}
