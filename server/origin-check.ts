import type { RequestHandler } from "express";

/*
 * Cross-site form posts are refused before they reach Remix. Remix's own check
 * (throwIfPotentialCSRFAttack) blocks the same requests but answers 500 with an
 * empty body and logs an error; here they get a 403 with a Spanish page and a
 * warning. The rule is Remix's, so nothing it accepts is refused: a write whose
 * Origin header is present must name this host (X-Forwarded-Host, else Host);
 * `Origin: null` (sandboxed frames, some privacy settings, redirects across
 * sites) is refused.
 */

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface OriginLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The host a write must come from, as Remix reads it. */
function requestHost(headers: Record<string, string | string[] | undefined>): string | undefined {
  const forwarded = headers["x-forwarded-host"];
  const forwardedFirst = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return forwardedFirst || (headers.host as string | undefined) || undefined;
}

/** Why this write must be refused, or null when it may go on. */
export function foreignOriginReason(method: string, headers: Record<string, string | string[] | undefined>): string | null {
  if (!WRITE_METHODS.has(method.toUpperCase())) return null;
  const origin = headers.origin;
  if (typeof origin !== "string" || origin === "") return null;
  if (origin === "null") return "Origin null";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return "Origin ilegible";
  }
  const host = requestHost(headers);
  if (!host) return "sin Host";
  return originHost === host ? null : "Origin de otro sitio";
}

export const FOREIGN_ORIGIN_TITLE = "Envío rechazado";

function refusalPage(): string {
  return `<!DOCTYPE html>
<html lang="es-CL">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${FOREIGN_ORIGIN_TITLE} · Red OMIL</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1f2933}h1{font-size:1.5rem}</style></head>
<body><main>
<h1>${FOREIGN_ORIGIN_TITLE}</h1>
<p>El formulario llegó desde otro sitio web, así que Red OMIL no lo procesó: por seguridad solo se aceptan envíos hechos desde las páginas del propio portal.</p>
<p>Si lo enviaste tú, abre la página en Red OMIL y vuelve a enviarlo desde ahí. No se guardó ningún cambio.</p>
<p><a href="/">Ir al inicio de Red OMIL</a></p>
</main></body>
</html>`;
}

/** Express middleware placed before the Remix handler. */
export function refuseForeignOrigins(log: OriginLog): RequestHandler {
  return (req, res, next) => {
    const reason = foreignOriginReason(req.method, req.headers);
    if (!reason) return next();
    const origin = String(req.headers.origin ?? "");
    log.warn(
      { method: req.method, path: req.path, origin: origin.slice(0, 200), host: requestHost(req.headers) ?? null, reason },
      `Envío rechazado (${reason}): ${req.method} ${req.path} desde ${origin.slice(0, 200)}`,
    );
    res.status(403).type("html").set("Cache-Control", "no-store").send(refusalPage());
  };
}
