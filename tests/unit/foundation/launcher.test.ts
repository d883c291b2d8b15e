import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

/*
 * `npm start` / `npm run collab` (server/start.js, server/start-collab.js) with a missing, broken,
 * incomplete or foreign build: one Spanish line naming `npm run build`, exit 1, no stack trace.
 * The launchers run from a copy of server/*.js in a temporary project (the real build is untouched).
 */
const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const dirs: string[] = [];

function project(build?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "redomil-launcher-"));
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, "server"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  for (const file of ["load-build.js", "start.js", "start-collab.js"]) fs.copyFileSync(path.join(ROOT, "server", file), path.join(dir, "server", file));
  if (build !== undefined) {
    fs.mkdirSync(path.join(dir, "build"));
    fs.writeFileSync(path.join(dir, "build", "index.js"), build);
  }
  return dir;
}

function run(dir: string, script = "server/start.js") {
  const result = spawnSync(process.execPath, [script], { cwd: dir, encoding: "utf8", timeout: 20_000, env: { ...process.env, NODE_OPTIONS: "" } });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

const BANNER = 'import { createRequire as __r } from "node:module"; const require = __r(import.meta.url); // npm run build\n';

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the production launchers refuse a bad build in Spanish", () => {
  it("no build at all", () => {
    const result = run(project());
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^No hay build del portal .*ejecuta `npm run build` primero\.\n$/);
  });

  it("a build made by `remix build` alone (no require line for bundled CommonJS)", () => {
    const result = run(project("export const entry = { module: {} };\n"), "server/start-collab.js");
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("se hizo con `remix build` solo): ejecuta `npm run build`");
  });

  it("a broken build (syntax error, truncated file)", () => {
    const result = run(project(`${BANNER}export const entry = { module: {`));
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/está dañado o incompleto .*ejecuta `npm run build` de nuevo\./);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("a build of another version (without the entry points)", () => {
    const result = run(project(`${BANNER}export const entry = { module: {} };\n`));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("no exporta startPortal): ejecuta `npm run build` de nuevo");
  });

  it("a start failure is one line with the cause", () => {
    const result = run(project(`${BANNER}export const entry = { module: { startPortal: async () => { throw new Error("Configuración inválida: LOG_LEVEL debe ser uno de: fatal, error"); } } };\n`));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("[portal] no pudo iniciar: Configuración inválida: LOG_LEVEL debe ser uno de: fatal, error\n");
  });
});
