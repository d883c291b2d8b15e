import { redirect } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { noteAuditActor } from "~/features/audit/context.server";
import type { Actor } from "~/permissions/actor";
import { can, type Resource } from "~/permissions/permissions";
import { getAuth } from "./auth.server.ts";
import { loadActor } from "./actor.server.ts";

/** The signed-in person for this request, or null (anonymous). */
export async function getActor(request: Request): Promise<Actor | null> {
  const session = await getAuth().api.getSession({ headers: request.headers });
  if (!session) return null;
  const actor = await loadActor(getDb(), session.user.id);
  // Changes made while answering this request are audited as this person's.
  noteAuditActor(actor);
  return actor;
}

export function loginRedirectTo(request: Request): string {
  const url = new URL(request.url);
  const target = `${url.pathname}${url.search}`;
  return `/ingresar?redirectTo=${encodeURIComponent(target)}`;
}

/** Throws a redirect to the login page when nobody is signed in. */
export async function requireActor(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) throw redirect(loginRedirectTo(request));
  return actor;
}

export function forbidden(message = "No tienes permiso para hacer esto."): Response {
  return new Response(message, { status: 403, statusText: "Prohibido" });
}

export function notFound(message = "No encontramos lo que buscas."): Response {
  return new Response(message, { status: 404, statusText: "No encontrado" });
}

/** Throws 403 unless the permission module allows it. */
export function requirePermission(actor: Actor | null, action: string, resource: Resource): void {
  if (!can(actor, action, resource)) throw forbidden();
}

/** Only same-site relative paths are followed after login. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/inicio"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
