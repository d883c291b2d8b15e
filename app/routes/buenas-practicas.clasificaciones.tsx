import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { TaxonomyChangeSchema } from "~/features/practices/schema";
import { changeTaxonomyTerm, listTaxonomyTerms } from "~/features/practices/taxonomies.server";
import { FieldError } from "~/utils/errors";
import { TableScroll } from "~/components/table-scroll";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Ámbitos y beneficiarios · Red OMIL" }];

const TITLES = { ambitos: "Ámbitos impactados", beneficiarios: "Beneficiarios" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "manage_taxonomies", { type: "practice_library" });
  const terms = await listTaxonomyTerms(getDb());
  return json({ terms: terms.map((t) => ({ taxonomy: t.taxonomy, slug: t.slug, label: t.label, retired: !!t.retiredAt })) });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  requirePermission(actor, "manage_taxonomies", { type: "practice_library" });
  const submission = parseWithZod(await request.formData(), { schema: TaxonomyChangeSchema });
  if (submission.status !== "success") {
    return json({ error: Object.values(submission.error ?? {}).flat()[0] ?? "Revisa los datos." }, { status: 400 });
  }
  const v = submission.value;
  try {
    await changeTaxonomyTerm(getDb(), v.intent === "add" ? { kind: "add", taxonomy: v.taxonomy, label: v.label } : v.intent === "rename" ? { kind: "rename", taxonomy: v.taxonomy, slug: v.slug, label: v.label } : { kind: v.intent, taxonomy: v.taxonomy, slug: v.slug });
  } catch (error) {
    if (error instanceof FieldError) return json({ error: error.message }, { status: 400 });
    throw error;
  }
  return redirect("/buenas-practicas/clasificaciones");
}

export default function TaxonomiesPage() {
  const { terms } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/buenas-practicas">← Buenas prácticas</Link>
      </p>
      <h1>Ámbitos y beneficiarios</h1>
      <p className="muted">
        Las opciones de la plantilla. Renombrar actualiza todas las prácticas que la usan; retirar la deja en las prácticas antiguas
        pero ya no se ofrece.
      </p>
      {data?.error ? (
        <Notice tone="error" role="alert">
          {data.error}
        </Notice>
      ) : null}
      {(Object.keys(TITLES) as (keyof typeof TITLES)[]).map((taxonomy) => (
        <section key={taxonomy} aria-labelledby={`${taxonomy}-title`}>
          <h2 id={`${taxonomy}-title`}>{TITLES[taxonomy]}</h2>
          <TableScroll label="Listado de términos">
            <table>
              <thead>
                <tr>
                  <th scope="col">Nombre</th>
                  <th scope="col">Acciones</th>
                </tr>
              </thead>
              <tbody>
                {terms
                  .filter((t) => t.taxonomy === taxonomy)
                  .map((t) => (
                    <tr key={t.slug}>
                      <td>
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="taxonomy" value={taxonomy} />
                          <input type="hidden" name="slug" value={t.slug} />
                          <label className="visually-hidden" htmlFor={`${taxonomy}-${t.slug}`}>
                            Nombre de «{t.label}»
                          </label>
                          <input id={`${taxonomy}-${t.slug}`} name="label" defaultValue={t.label} required minLength={3} maxLength={120} size={50} />
                          <button className="button button--secondary" type="submit" name="intent" value="rename">
                            Renombrar
                          </button>
                        </Form>
                      </td>
                      <td>
                        <Form method="post">
                          <input type="hidden" name="taxonomy" value={taxonomy} />
                          <input type="hidden" name="slug" value={t.slug} />
                          <button className="button button--ghost" type="submit" name="intent" value={t.retired ? "restore" : "retire"}>
                            {t.retired ? "Volver a ofrecer" : "Retirar"}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
          <Form method="post" className="inline-form" aria-label={`Agregar a ${TITLES[taxonomy]}`}>
            <input type="hidden" name="taxonomy" value={taxonomy} />
            <div className="field">
              <label htmlFor={`new-${taxonomy}`}>Nueva opción</label>
              <input id={`new-${taxonomy}`} name="label" required minLength={3} maxLength={120} />
            </div>
            <button className="button" type="submit" name="intent" value="add">
              Agregar
            </button>
          </Form>
        </section>
      ))}
    </>
  );
}
