import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { parseDocumentName } from "~/collab/document-name";
import { createCollabToken } from "~/collab/token";
import { loadOrCreateSecret } from "~/auth/secret.server";
import { requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { collabAccess } from "~/features/features.server";

/**
 * A short-lived token for a standalone collab server (scale-out). The access
 * decided here is re-checked by the collab server on connect.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const documentName = new URL(request.url).searchParams.get("document") ?? "";
  const ref = parseDocumentName(documentName);
  if (!ref) throw json({ error: "Documento inválido" }, { status: 400 });
  const access = await collabAccess.resolve(getDb(), actor, ref.kind, ref.id);
  if (!access) throw json({ error: "No encontrado" }, { status: 404 });
  const env = getEnv();
  const secret = loadOrCreateSecret(env.dataDir, "collab-secret", env.COLLAB_SECRET);
  const token = createCollabToken({ secret, userId: actor.userId, userName: actor.name, documentName, access, ttlSeconds: 120 });
  return json({ token, access, expiresInSeconds: 120 }, { headers: { "cache-control": "no-store" } });
}
