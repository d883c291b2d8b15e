import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { countUnread, listNotifications, markNotificationsRead } from "~/notifications/inbox.server";
import { formatDateTime } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Notificaciones · Red OMIL" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const [rows, unread] = await Promise.all([listNotifications(db, actor.userId), countUnread(db, actor.userId)]);
  return json({ notifications: rows, unread });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await request.formData();
  await markNotificationsRead(getDb(), actor.userId, form.get("intent") === "read-all" ? "all" : String(form.get("id") ?? ""));
  return redirect("/notificaciones");
}

export default function NotificationsPage() {
  const { notifications: rows, unread } = useLoaderData<typeof loader>();
  return (
    <section className="page" aria-labelledby="notifications-title">
      <h1 id="notifications-title">Notificaciones</h1>
      {/* Forms are never inside a <p>: the browser would close the paragraph and hydration would fail. */}
      <div className="notifications__summary">
        <p className="muted">{unread === 0 ? "No tienes notificaciones sin leer." : unread === 1 ? "1 sin leer." : `${unread} sin leer.`}</p>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button className="button button--secondary" type="submit">
              Marcar todas como leídas
            </button>
          </Form>
        ) : null}
        <p>
          <Link to="/notificaciones/preferencias">Preferencias de correo y resúmenes</Link>
        </p>
      </div>
      <ul style={{ listStyle: "none", padding: 0 }}>
        {rows.map((n) => (
          <li key={n.id} className="card" style={{ fontWeight: n.readAt ? "normal" : "bold" }}>
            <p style={{ margin: 0 }}>{n.url ? <Link to={n.url}>{n.title}</Link> : n.title}</p>
            {n.body ? <p style={{ margin: 0, fontWeight: "normal", whiteSpace: "pre-line" }}>{n.body}</p> : null}
            <div className="muted" style={{ fontWeight: "normal" }}>
              <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
              {!n.readAt ? (
                <Form method="post" style={{ display: "inline" }}>
                  <input type="hidden" name="id" value={n.id} />{" "}
                  <button className="button button--ghost" type="submit" aria-label={`Marcar como leída: ${n.title}`}>
                    Marcar como leída
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
