import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { PRACTICE_STATUS_LABELS } from "~/features/practices/labels";
import styles from "~/features/practices/practices.css";
import type { FacetKey } from "~/features/practices/search/query.server";
import { loadPracticeSearchPage } from "~/features/practices/search/page.server";
import { Notice } from "~/components/notice";
import { Badge } from "~/components/badge";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Buenas prácticas · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await loadPracticeSearchPage(request));
}

/** Up to 9 page numbers around the current one. */
function pageWindow(current: number, total: number): number[] {
  const first = Math.max(1, Math.min(current - 4, total - 8));
  return Array.from({ length: Math.min(9, total) }, (_, i) => first + i);
}

const FACET_TITLES: Record<FacetKey, string> = {
  ambito: "Ámbito impactado",
  beneficiario: "Beneficiarios",
  region: "Región",
  tipo: "Tipo de organización",
  anio: "Año",
};

export default function PracticeSearchPage() {
  const { params, drafts, result, notices, labels, canCreate, canManageTaxonomies, signedIn } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const navigation = useNavigation();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  // With JavaScript, results follow the typing (debounced) and each checkbox; without it, the button submits.
  const refresh = (delay: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.delete("page");
      submit(data, { method: "get", replace: true, preventScrollReset: true });
    }, delay);
  };
  const selected = (key: FacetKey) => (params[key] as (string | number)[]).map(String);
  const activeFilters = (Object.keys(FACET_TITLES) as FacetKey[]).flatMap((key) => selected(key).map((value) => ({ key, value })));
  const facetLabel = (key: FacetKey, value: string) => (key === "anio" ? value : (labels[key as keyof typeof labels][value] ?? value));
  const pageHref = (page: number, without?: { key: FacetKey; value: string }) => {
    const search = new URLSearchParams();
    if (params.q) search.set("q", params.q);
    for (const key of Object.keys(FACET_TITLES) as FacetKey[])
      for (const v of selected(key)) if (!(without && without.key === key && without.value === v)) search.append(key, v);
    if (params.orden !== "relevancia") search.set("orden", params.orden);
    if (drafts) search.set("alcance", "borradores");
    if (page > 1) search.set("page", String(page));
    return `?${search.toString()}`;
  };

  return (
    <>
      <h1>Buenas prácticas</h1>
      <p className="muted">Experiencias de OMIL, redes territoriales y direcciones regionales para replicar en tu comuna.</p>
      {canCreate ? (
        <p className="actions">
          <Link className="button" to="/buenas-practicas/nueva">
            Nueva práctica
          </Link>
          <Link className="button button--secondary" to="/buenas-practicas/importar">
            Importar documento
          </Link>
          <Link className="button button--secondary" to="/buenas-practicas/pendientes">
            Borradores y revisiones
          </Link>
          {canManageTaxonomies ? (
            <Link className="button button--secondary" to="/buenas-practicas/clasificaciones">
              Ámbitos y beneficiarios
            </Link>
          ) : null}
        </p>
      ) : null}
      {result.degraded ? (
        <Notice tone="warning" role="status">
          <strong>Búsqueda degradada.</strong> El buscador no está disponible en este momento: mostramos las prácticas que contienen
          las palabras exactas, sin tolerancia a errores de escritura ni sinónimos. Intenta de nuevo en unos minutos.
        </Notice>
      ) : null}
      <Form method="get" ref={formRef} role="search" aria-label="Buscar buenas prácticas" onChange={() => refresh(0)}>
        <div className="practice-search__query">
          <div className="field">
            <label htmlFor="q">Buscar</label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={params.q}
              maxLength={1000}
              placeholder="Por ejemplo: feria laboral, alcalde, colocación"
              onChange={(e) => {
                e.stopPropagation();
                refresh(250);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="orden">Ordenar por</label>
            <select id="orden" name="orden" defaultValue={params.orden}>
              <option value="relevancia">Relevancia</option>
              <option value="fecha">Fecha de publicación</option>
            </select>
          </div>
          {signedIn ? (
            <label>
              <input type="checkbox" name="alcance" value="borradores" defaultChecked={drafts} /> Buscar en borradores y revisiones
            </label>
          ) : null}
          <button className="button" type="submit">
            Buscar
          </button>
        </div>
        <div className="practice-search">
          <div aria-label="Filtros">
            {(Object.keys(FACET_TITLES) as FacetKey[]).map((key) => {
              const counts = result.facets[key] ?? {};
              // Nothing matched: the library's values stay listed (with 0) so a filter can still be changed.
              const shown = { ...(result.libraryFacets?.[key] ?? {}), ...counts };
              const values = [...new Set([...Object.keys(shown), ...selected(key)])].sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0) || a.localeCompare(b));
              if (values.length === 0) return null;
              return (
                <fieldset className="facet" key={key}>
                  <legend>{FACET_TITLES[key]}</legend>
                  {values.map((value) => (
                    <label key={value}>
                      <input type="checkbox" name={key} value={value} defaultChecked={selected(key).includes(value)} />
                      <span>{facetLabel(key, value)}</span>
                      <span className="facet__count" aria-label={`${counts[value] ?? 0} prácticas`}>
                        {counts[value] ?? 0}
                      </span>
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
          <section aria-labelledby="results-title" aria-busy={navigation.state === "loading"}>
            <h2 id="results-title" aria-live="polite">
              {result.total === 0 ? "Sin resultados" : result.total === 1 ? "1 práctica" : `${result.total.toLocaleString("es-CL")} prácticas`}
            </h2>
            {notices.map((notice) => (
              <Notice key={notice} tone="warning" role="status">
                {notice}
              </Notice>
            ))}
            {result.total === 0 && !result.nothingToSearch ? (
              <div className="practice-search__empty">
                {activeFilters.length > 0 ? (
                  <>
                    <p>Prueba quitando un filtro:</p>
                    <ul>
                      {activeFilters.map(({ key, value }) => (
                        <li key={`${key}:${value}`}>
                          <Link to={pageHref(1, { key, value })}>
                            Quitar «{FACET_TITLES[key]}: {facetLabel(key, value)}»
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p>Prueba con otras palabras, más generales o sin abreviaturas.</p>
                )}
              </div>
            ) : null}
            {result.total === 0 ? (
              <p>
                <Link to="/buenas-practicas">Volver a todas las buenas prácticas</Link>
              </p>
            ) : null}
            <ol className="hit-list">
              {result.hits.map((hit) => (
                <li className="hit" key={hit.id}>
                  <h3>
                    <Link to={hit.url}>{hit.title}</Link>
                  </h3>
                  <p className="hit__meta">
                    {[hit.organization, hit.regionName, hit.year].filter(Boolean).join(" · ")}
                    {hit.status !== "published" ? <Badge tone="neutral">{PRACTICE_STATUS_LABELS[hit.status as keyof typeof PRACTICE_STATUS_LABELS]}</Badge> : null}
                  </p>
                  {hit.snippet ? <p className="hit__snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} /> : null}
                  {hit.ambitos.length ? (
                    <ul className="tags" aria-label="Ámbitos impactados">
                      {hit.ambitos.map((a) => (
                        <li key={a} className="badge">
                          {a}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
            {result.totalPages > 1 ? (
              <nav aria-label="Páginas de resultados">
                <ul className="pagination">
                  {params.page > 1 ? (
                    <li>
                      <Link to={pageHref(params.page - 1)} rel="prev">
                        Anterior
                      </Link>
                    </li>
                  ) : null}
                  {pageWindow(params.page, result.totalPages).map((n) => (
                    <li key={n}>
                      {n === params.page ? <span aria-current="page">{n}</span> : <Link to={pageHref(n)}>{n}</Link>}
                    </li>
                  ))}
                  {params.page < result.totalPages ? (
                    <li>
                      <Link to={pageHref(params.page + 1)} rel="next">
                        Siguiente
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </nav>
            ) : null}
          </section>
        </div>
      </Form>
    </>
  );
}
