import { lazy, Suspense, useEffect } from "react";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { AppHeader } from "~/components/app-header";
import { OfflineStatus } from "~/service-worker/offline-status";
import { loadRootData } from "~/root.server";
import designSystem from "~/styles/design-system.css";
import { dropDrafts } from "~/utils/draft-store";
import { isNetworkFailure } from "~/utils/network-failure";
import styles from "~/styles/app.css";

// Drafts matter to signed-in people (and the error page): loaded apart, public pages stay within their JavaScript budget.
const FormDrafts = lazy(() => import("~/components/form-drafts").then((m) => ({ default: m.FormDrafts })));

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: designSystem },
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
const ERROR_TITLES: Record<number, string> = { 400: "Solicitud no válida", 403: "Sin permiso", 404: "Página no encontrada" };
export const meta: MetaFunction = ({ error }) => {
  // The root's ErrorBoundary is the one that shows errors: its title names them (the failed route's meta is not used).
  const errorTitle = error ? (isRouteErrorResponse(error) ? (ERROR_TITLES[error.status] ?? "Algo salió mal") : "Algo salió mal") : null;
  return [{ title: errorTitle ? `${errorTitle} · Red OMIL` : "Red OMIL" }, { name: "description", content: "Portal de las redes territoriales de OMIL" }];
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json(await loadRootData(request, context));
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  // Marks the page as interactive (error pages too: the Layout wraps the ErrorBoundary); browser
  // tests wait for it before typing.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="es-CL">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenido">
          Saltar al contenido
        </a>
        <AppHeader user={data?.user ?? null} navigation={data?.navigation ?? []} />
        <main id="contenido" tabIndex={-1}>
          {data ? <OfflineStatus userKey={data.user?.id ?? null} signedOut={!data.user} /> : null}
          {children}
        </main>
        <ScrollRestoration nonce={data?.cspNonce} />
        <Scripts nonce={data?.cspNonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  const signedIn = Boolean(data.user);
  // A page without a session leaves no one's drafts on a shared computer (the drafts component itself loads only for signed-in people).
  useEffect(() => {
    if (!signedIn) dropDrafts(null);
  }, [signedIn]);
  return (
    <>
      {data.user ? (
        <Suspense fallback={null}>
          <FormDrafts userKey={data.user.id} routeError={null} />
        </Suspense>
      ) : null}
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  let title = "Algo salió mal";
  let message = "Ocurrió un error inesperado. Tus datos guardados están a salvo; intenta de nuevo en un momento.";
  if (isNetworkFailure(error)) {
    title = "Sin conexión";
    message = "No se pudo llegar al portal. Si estabas enviando un formulario, lo que escribiste quedó guardado en este equipo: vuelve a la página para enviarlo cuando vuelva la conexión.";
  } else if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Página no encontrada";
      // Remix's own "Error: No route matches URL …" (English) is never shown.
      message = typeof error.data === "string" && error.data && !error.data.startsWith("Error:") ? error.data : "No encontramos lo que buscas.";
    } else if (error.status === 403) {
      title = "Sin permiso";
      message = typeof error.data === "string" && error.data ? error.data : "No tienes permiso para ver esta página.";
    } else if (error.status === 400) {
      title = "Solicitud no válida";
      message = typeof error.data === "string" ? error.data : message;
    }
  }
  // Only the ErrorBoundary sees the error: a form whose request found no network keeps its draft.
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <>
      <Suspense fallback={null}>
        <FormDrafts userKey={data ? (data.user?.id ?? null) : undefined} routeError={error} />
      </Suspense>
      <section className="page narrow" aria-labelledby="error-title">
        <h1 id="error-title">{title}</h1>
        <p>{message}</p>
        <p>
          {isNetworkFailure(error) ? <a href={pageOf(location)}>Volver a la página</a> : <a href="/">Volver al inicio</a>}
        </p>
      </section>
    </>
  );
}

/** The page a form was on: its action URL without Remix's "?index" routing hint (drafts are kept by page). */
function pageOf(location: { pathname: string; search: string }): string {
  const search = new URLSearchParams(location.search);
  search.delete("index");
  const query = search.toString();
  return `${location.pathname}${query ? `?${query}` : ""}`;
}
