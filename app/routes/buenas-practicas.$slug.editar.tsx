import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import type { ClientActionFunctionArgs, ShouldRevalidateFunction } from "@remix-run/react";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { notFound, requireActor, requirePermission } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { territoryOptions } from "~/features/organizations/options.server";
import { deleteAttachment, listAttachments, MAX_ATTACHMENT_BYTES, saveAttachment } from "~/features/practices/attachments.server";
import { linksToText } from "~/features/practices/content.server";
import { PracticeForm } from "~/features/practices/components/practice-form";
import { usePracticeBackupOffer } from "~/features/practices/components/practice-backup-offer";
import { AttachmentsPanel, CommentTimeline, WorkflowPanel } from "~/features/practices/components/workflow-panel";
import { practiceInputFromForm } from "~/features/practices/edit.server";
import {
  addPracticeComment,
  authorOf,
  findReadablePractice,
  listPracticeComments,
  practiceResource,
  transitionPractice,
  updatePractice,
} from "~/features/practices/practices.server";
import { PRACTICE_STATUS_LABELS } from "~/features/practices/labels";
import { PracticeCommentSchema, PracticeEditSchema, PracticeTransitionSchema } from "~/features/practices/schema";
import { loadPracticeTaxonomies } from "~/features/practices/taxonomies.server";
import { practiceView } from "~/features/practices/view.server";
import styles from "~/features/practices/practices.css";
import { can } from "~/permissions/permissions";
import { formatDateTime } from "~/utils/dates";
import { FieldError } from "~/utils/errors";
import { isNetworkFailure } from "~/utils/network-failure";
import { Notice } from "~/components/notice";
import { Badge } from "~/components/badge";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Editar: ${data?.practice.title ?? "buena práctica"} · Red OMIL` }];

// An autosave changes nothing on screen: re-running the loader would only cost time.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

async function loadEditable(request: Request, slug: string | undefined) {
  const actor = await requireActor(request);
  const db = getDb();
  const practice = await findReadablePractice(db, actor, slug ?? "");
  if (!practice) throw notFound("No encontramos esa buena práctica, o no tienes acceso a ella.");
  return { actor, db, practice, resource: practiceResource(practice) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, practice, resource } = await loadEditable(request, params.slug);
  requirePermission(actor, "update", resource);
  const [view, taxonomies, territory, regionTerritory, comments, attachments] = await Promise.all([
    practiceView(db, practice),
    loadPracticeTaxonomies(db),
    territoryOptions(db),
    // Comunas of the practice's region only (346 in the whole country is too long a list).
    practice.regionCode ? territoryOptions(db, practice.regionCode) : null,
    listPracticeComments(db, practice.id),
    listAttachments(db, practice.id),
  ]);
  const allowed = (action: string) => can(actor, action, resource);
  return json({
    // Whose local backup of the form this browser keeps (form-backup.ts).
    userId: actor.userId,
    practice: view,
    values: {
      title: view.title,
      organizationName: view.organizationName,
      regionCode: view.regionCode ?? "",
      year: view.year ? String(view.year) : "",
      comunaCodes: practice.comunaCodes,
      ambitos: practice.ambitos,
      beneficiarios: practice.beneficiarios,
      links: linksToText(practice.links),
      text: view.text,
      html: view.html,
    },
    options: {
      regions: territory.regions,
      // ...plus any already chosen elsewhere, so saving never drops them.
      comunas: regionTerritory
        ? [...regionTerritory.comunas, ...territory.comunas.filter((c) => practice.comunaCodes.includes(c.value) && !regionTerritory.comunas.some((r) => r.value === c.value))]
        : territory.comunas,
      ambitos: taxonomies.ambitos.map((e) => ({ value: e.slug, label: e.label })),
      beneficiarios: taxonomies.beneficiarios.map((e) => ({ value: e.slug, label: e.label })),
    },
    comments: comments.map((c) => ({ id: c.id, kind: c.kind, body: c.body, authorName: c.authorName, createdAt: c.createdAt.toISOString() })),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size })),
    can: { submit: allowed("submit"), publish: allowed("publish"), return: allowed("return"), archive: allowed("archive"), comment: allowed("comment"), attach: allowed("attach") },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, db, practice, resource } = await loadEditable(request, params.slug);
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_ATTACHMENT_BYTES + 1024 * 1024) {
    return json({ intent: "attach", error: "El archivo supera el máximo de 10 MB." }, { status: 413 });
  }
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "save");
  const back = `/buenas-practicas/${practice.slug}/editar`;

  if (intent === "save" || intent === "autosave") {
    requirePermission(actor, "update", resource);
    // Autosave is for drafts: a published text changes only through an explicit save (a visible new revision).
    if (intent === "autosave" && practice.status !== "draft" && practice.status !== "in_review") {
      return json({ intent, error: "La práctica ya no es un borrador; usa «Guardar»." }, { status: 409 });
    }
    const submission = parseWithZod(formData, { schema: PracticeEditSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      const input = await practiceInputFromForm(db, submission.value, practice, actor.organizationKind);
      await updatePractice(db, authorOf(actor), practice, input, { coalesce: intent === "autosave" || practice.status !== "published" });
    } catch (error) {
      if (error instanceof FieldError) {
        return json({ intent, result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 });
      }
      throw error;
    }
    if (intent === "autosave") return json({ intent, savedAt: formatDateTime(new Date(), "HH:mm") });
    return redirect(`${back}?guardado=1`);
  }
  if (intent === "comment") {
    requirePermission(actor, "comment", resource);
    const submission = parseWithZod(formData, { schema: PracticeCommentSchema });
    if (submission.status !== "success") return json({ intent, error: "Escribe el comentario." }, { status: 400 });
    await addPracticeComment(db, authorOf(actor), practice.id, submission.value.body);
    return redirect(back);
  }
  if (intent === "submit" || intent === "publish" || intent === "return" || intent === "archive") {
    requirePermission(actor, intent, resource);
    const submission = parseWithZod(formData, { schema: PracticeTransitionSchema });
    if (submission.status !== "success") return json({ intent, error: "Solicitud no válida." }, { status: 400 });
    if (intent === "return" && !submission.value.body) return json({ intent, error: "Escribe qué debe corregirse antes de devolver la práctica." }, { status: 400 });
    if (intent === "publish" && !practice.regionCode) return json({ intent, error: "Indica la región de la práctica antes de publicarla." }, { status: 400 });
    const moved = await transitionPractice(db, authorOf(actor), practice, intent, submission.value.body);
    if (!moved) return json({ intent, error: "Otra persona cambió el estado de la práctica; recarga la página." }, { status: 409 });
    return redirect(intent === "publish" || intent === "archive" ? `/buenas-practicas/${practice.slug}` : back);
  }
  if (intent === "attach") {
    requirePermission(actor, "attach", resource);
    const file = formData.get("attachment");
    if (!(file instanceof File) || file.size === 0) return json({ intent, error: "Elige un archivo." }, { status: 400 });
    try {
      await saveAttachment(db, practice.id, actor.userId, { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name });
    } catch (error) {
      if (error instanceof FieldError) return json({ intent, error: error.message }, { status: 400 });
      throw error;
    }
    return redirect(back);
  }
  if (intent === "delete-attachment") {
    requirePermission(actor, "attach", resource);
    await deleteAttachment(db, practice.id, String(formData.get("attachmentId") ?? ""));
    return redirect(back);
  }
  return json({ intent, error: "Acción desconocida." }, { status: 400 });
}

/**
 * An autosave that finds no network answers "offline" instead of failing: the editor stays on
 * screen, says so and tries again (its backup keeps the content). Anything else as before.
 */
export async function clientAction({ request, serverAction }: ClientActionFunctionArgs) {
  // Autosaves are small url-encoded bodies; uploads (multipart) are not read twice.
  const urlEncoded = request.headers.get("content-type")?.startsWith("application/x-www-form-urlencoded");
  const intent = urlEncoded ? (await request.clone().formData()).get("intent") : null;
  try {
    return await serverAction<typeof action>();
  } catch (error) {
    if (intent === "autosave" && isNetworkFailure(error)) return { intent, offline: true };
    throw error;
  }
}

export default function EditPracticePage() {
  const { userId, practice, values, options, comments, attachments, can: allowed } = useLoaderData<typeof loader>();
  const autosave = practice.status === "draft" || practice.status === "in_review";
  const backupOwner = useMemo(() => ({ userKey: userId, practiceId: practice.id }), [userId, practice.id]);
  const backup = usePracticeBackupOffer({ owner: backupOwner, values, autosave });
  const data = useActionData<typeof action>();
  const [search] = useSearchParams();
  const formResult = data && "result" in data ? data.result : undefined;
  const errorFor = (intents: string[]) => (data && "error" in data && intents.includes(data.intent) ? data.error : undefined);
  return (
    <>
      <p>
        <Link to={`/buenas-practicas/${practice.slug}`}>Ver la práctica</Link> · <Link to={`/buenas-practicas/${practice.slug}/historial`}>Historial de cambios</Link>
      </p>
      <h1>{practice.title}</h1>
      <p>
        Estado: <Badge tone="neutral">{PRACTICE_STATUS_LABELS[practice.status]}</Badge> · Revisión {practice.revision}
      </p>
      {backup.notice}
      {search.get("importada") ? (
        <Notice tone="ok" role="status">
          Creamos este borrador a partir del documento. Revisa cada sección y los avisos de la importación antes de enviarlo a revisión.
        </Notice>
      ) : null}
      {search.get("guardado") && !data ? (
        <Notice tone="ok" role="status">
          Cambios guardados.
        </Notice>
      ) : null}
      {practice.status === "published" ? (
        <Notice tone="warning">Esta práctica está publicada: al guardar se crea una nueva revisión visible de inmediato.</Notice>
      ) : null}
      <WorkflowPanel can={allowed} error={errorFor(["comment", "submit", "publish", "return", "archive"])} />
      <CommentTimeline comments={comments} />
      <PracticeForm
        key={backup.form.key}
        values={backup.form.values}
        lastResult={formResult}
        options={options}
        autosave={autosave}
        actionUrl={`/buenas-practicas/${practice.slug}/editar`}
        backupOwner={backupOwner}
        holdBackup={backup.form.holdBackup}
        recovered={backup.form.recovered}
      />
      <AttachmentsPanel slug={practice.slug} attachments={attachments} canAttach={allowed.attach} error={errorFor(["attach", "delete-attachment"])} />
    </>
  );
}
