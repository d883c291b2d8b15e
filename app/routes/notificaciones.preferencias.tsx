import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { ErrorList, FormErrors } from "~/components/forms";
import { getDb } from "~/db/client.server";
import { CATEGORY_LABELS, DELIVERIES, DELIVERY_LABELS, NOTIFICATION_CATEGORIES } from "~/notifications/categories";
import { PreferencesSchema } from "~/notifications/preferences-schema";
import { getPreferences, savePreferences } from "~/notifications/preferences.server";
import { Notice } from "~/components/notice";

export const meta: MetaFunction = () => [{ title: "Preferencias de notificación · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const saved = new URL(request.url).searchParams.get("guardado") === "1";
  return json({ preferences: await getPreferences(getDb(), actor.userId), saved });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const submission = parseWithZod(await request.formData(), { schema: PreferencesSchema });
  if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
  await savePreferences(getDb(), actor.userId, submission.value);
  return redirect("/notificaciones/preferencias?guardado=1");
}

export default function NotificationPreferencesPage() {
  const { preferences, saved } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>()?.result;
  const [form, fields] = useForm({
    lastResult,
    defaultValue: preferences,
    constraint: getZodConstraint(PreferencesSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PreferencesSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <section className="page narrow" aria-labelledby="preferences-title">
      <h1 id="preferences-title">Preferencias de notificación</h1>
      <p>
        Elige cómo recibir por correo cada tipo de aviso. Los resúmenes diarios salen cada día a las 08:00 (hora de Chile) y los semanales los lunes a la
        misma hora, solo si hay algo nuevo. Todas las notificaciones siguen apareciendo en <Link to="/notificaciones">Notificaciones</Link>.
      </p>
      {saved && !lastResult ? (
        <Notice tone="ok" role="status">
          Tus preferencias quedaron guardadas.
        </Notice>
      ) : null}
      <Form method="post" className="form card" {...getFormProps(form)}>
        <FormErrors errors={form.errors} />
        {NOTIFICATION_CATEGORIES.map((category) => {
          const field = fields[category];
          // After a refused submit the typed choice wins; otherwise the saved one.
          const current = (field.initialValue as string | undefined) ?? preferences[category];
          return (
            <fieldset key={category} className="field" aria-describedby={`${field.id}-hint`} aria-invalid={field.errors ? true : undefined}>
              <legend>{CATEGORY_LABELS[category].label}</legend>
              <span className="field__hint" id={`${field.id}-hint`}>
                {CATEGORY_LABELS[category].hint}
              </span>
              {DELIVERIES.map((delivery) => (
                <div key={delivery}>
                  <label>
                    <input type="radio" name={field.name} value={delivery} defaultChecked={current === delivery} key={`${field.key}-${delivery}`} />{" "}
                    {DELIVERY_LABELS[delivery]}
                  </label>
                </div>
              ))}
              <ErrorList id={field.errorId} errors={field.errors} />
            </fieldset>
          );
        })}
        <div>
          <button className="button" type="submit">
            Guardar preferencias
          </button>
        </div>
      </Form>
    </section>
  );
}
