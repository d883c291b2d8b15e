import { describe, expect, it } from "vitest";
import {
  cachesToDrop,
  classifyRequest,
  isOfflinePath,
  isSaveable,
  markSavedAt,
  SAVED_AT_ATTRIBUTE,
  userCacheName,
  userKeyOf,
} from "~/service-worker/policy";

const origin = "https://portal.example";
const get = (path: string, mode = "cors") => classifyRequest({ method: "GET", url: `${origin}${path}`, mode, origin });

describe("service worker policy", () => {
  it("saves the sections worth reading offline and never downloads, exports or one-shot forms", () => {
    for (const path of ["/inicio", "/redes/abc", "/redes/abc/calendario", "/redes/abc/reuniones", "/calendario", "/reuniones/m1", "/propuestas/p1", "/metas", "/redes/abc/metas", "/buenas-practicas", "/buenas-practicas/huertos"]) {
      expect(isOfflinePath(path), path).toBe(true);
    }
    for (const path of ["/", "/ingresar", "/salir", "/cuenta", "/admin/usuarios", "/api/collab-token", "/ical/secret", "/invitacion/tok", "/propuestas/p1/docx", "/reuniones/m1/minuta.docx", "/actividades/a1/evento.ics", "/redes/abc/metas/exportar", "/propuestas/p1/adjuntos/f1", "/buenas-practicas/importar", "/redesx"]) {
      expect(isOfflinePath(path), path).toBe(false);
    }
  });

  it("tells documents, loader data, route discovery, build files, sign-in and sign-out apart", () => {
    expect(get("/propuestas/p1", "navigate")).toBe("page");
    expect(get("/propuestas/p1?_data=routes%2Fpropuestas.%24proposalId._index")).toBe("loader-data");
    expect(get("/propuestas/p1")).toBe("passthrough"); // a plain fetch of a page is not Remix's
    expect(get("/__manifest?p=%2Fmetas&version=abc")).toBe("route-manifest");
    expect(get("/build/entry.client-ABC.js")).toBe("build-asset");
    expect(get("/cuenta", "navigate")).toBe("passthrough");
    expect(classifyRequest({ method: "POST", url: `${origin}/salir?_data=routes%2Fsalir`, mode: "cors", origin })).toBe("sign-out");
    expect(classifyRequest({ method: "POST", url: `${origin}/salir`, mode: "navigate", origin })).toBe("sign-out");
    expect(classifyRequest({ method: "POST", url: `${origin}/ingresar`, mode: "navigate", origin })).toBe("sign-in");
    expect(classifyRequest({ method: "POST", url: `${origin}/propuestas/p1`, mode: "navigate", origin })).toBe("passthrough");
    expect(classifyRequest({ method: "GET", url: "https://elsewhere.example/propuestas/p1", mode: "navigate", origin })).toBe("passthrough");
  });

  it("keeps one person's cache: a new person or nobody drops everyone else's", () => {
    const names = [userCacheName("user-a"), "redomil-build", "workbox-precache-v2-https://portal.example/", "redomil-route-manifest"];
    expect(userKeyOf(names)).toBe("user-a");
    expect(userKeyOf(["redomil-build"])).toBeNull();
    expect(cachesToDrop(names, "user-a")).toEqual([]);
    expect(cachesToDrop(names, "user-b")).toEqual([userCacheName("user-a")]);
    expect(cachesToDrop(names, null)).toEqual([userCacheName("user-a")]);
    // Keys that are not plain ids survive the round trip through a cache name.
    expect(userKeyOf([userCacheName("a/b c")])).toBe("a/b c");
  });

  it("saves only complete answers of the portal itself", () => {
    expect(isSaveable({ status: 200, type: "basic", redirected: false })).toBe(true);
    expect(isSaveable({ status: 200, type: "basic", redirected: true })).toBe(false); // e.g. sent to /ingresar
    expect(isSaveable({ status: 0, type: "opaqueredirect", redirected: false })).toBe(false);
    expect(isSaveable({ status: 404, type: "basic", redirected: false })).toBe(false);
    expect(isSaveable({ status: 500, type: "basic", redirected: false })).toBe(false);
  });

  it("marks a saved page's <html> with when it was saved, and nothing else", () => {
    const html = '<!DOCTYPE html><html lang="es-CL"><head></head><body><p>html</p></body></html>';
    const marked = markSavedAt(html, "2026-12-06T16:10:00.000Z");
    expect(marked).toBe(`<!DOCTYPE html><html ${SAVED_AT_ATTRIBUTE}="2026-12-06T16:10:00.000Z" lang="es-CL"><head></head><body><p>html</p></body></html>`);
    expect(markSavedAt(html, '"><script>x</script>')).not.toContain("<script>");
  });
});
