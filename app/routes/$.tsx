import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "~/auth/session.server";

/*
 * Every URL no other route matches. Without it Remix answers its own 404 before
 * any loader runs: the root's data (who is signed in, the CSP nonce) is missing,
 * so the header says "Ingresar" to a signed-in person, the inline scripts carry no
 * nonce (CSP violations) and the message is Remix's English one. Here the root
 * loader runs and the root ErrorBoundary shows "Página no encontrada".
 */
export async function loader(_args: LoaderFunctionArgs) {
  throw notFound("No encontramos esta página. Revisa la dirección o vuelve al inicio.");
}

export async function action(_args: LoaderFunctionArgs) {
  throw notFound("No encontramos esta página. Revisa la dirección o vuelve al inicio.");
}

export default function NotFoundPage() {
  return null;
}
