/**
 * Public practice pages ship no editor code: the browser chunks of the search
 * page, the practice page and the JSON API (and everything they import) must
 * not contain TipTap, ProseMirror or Yjs. The editor route must, which proves
 * the markers are the right ones. Reads the build (`npm run build` first).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const buildDir = path.join(root, "public", "build");

interface ManifestRoute {
  module: string;
  imports?: string[];
}

function loadManifest(): { entry: ManifestRoute; routes: Record<string, ManifestRoute> } {
  const file = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f));
  if (!file) throw new Error("No hay build del cliente: ejecuta `npm run build` antes de esta prueba.");
  const source = fs.readFileSync(path.join(buildDir, file), "utf8");
  return JSON.parse(source.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, ""));
}

/** Every chunk a route loads, following static imports inside the chunks too. */
function chunksOf(...routes: ManifestRoute[]): string[] {
  const seen = new Set<string>();
  const queue = routes.flatMap((r) => [r.module, ...(r.imports ?? [])]);
  while (queue.length) {
    const url = queue.pop()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const source = fs.readFileSync(path.join(root, "public", url), "utf8");
    for (const match of source.matchAll(/from\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
      queue.push(path.posix.join(path.posix.dirname(url), match[1]));
    }
  }
  return [...seen];
}

// Strings that survive minification in each library.
const EDITOR_MARKERS = [/ProseMirror/, /prosemirror/, /@tiptap|tiptap/i, /Yjs was already imported/, /ySyncPlugin/];

function editorMarkersIn(routeId: string) {
  const manifest = loadManifest();
  const route = manifest.routes[routeId];
  expect(route, `route ${routeId} in the manifest`).toBeDefined();
  const found: string[] = [];
  // The entry and root chunks load on every page, so they count too.
  for (const chunk of chunksOf(route, manifest.entry, manifest.routes.root)) {
    const source = fs.readFileSync(path.join(root, "public", chunk), "utf8");
    for (const marker of EDITOR_MARKERS) if (marker.test(source)) found.push(`${chunk}: ${marker}`);
  }
  return found;
}

describe("public practice pages ship no editor code", () => {
  it.each(["routes/buenas-practicas._index", "routes/buenas-practicas.$slug._index"])("%s has no TipTap, ProseMirror or Yjs", (routeId) => {
    expect(editorMarkersIn(routeId)).toEqual([]);
  });

  it("the editor route does carry the editor (the check sees it)", () => {
    expect(editorMarkersIn("routes/buenas-practicas.$slug.editar").length).toBeGreaterThan(0);
  });
});
