// Plain JavaScript (run by node, no TypeScript at start): loads the Remix build, where the portal
// and the collab server live (app/entry.server.tsx), or explains in Spanish how to make one.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A message for the operator, on stderr, then exit 1 (no stack trace). */
export function refuse(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The build's export `name` (a function), or exit with a message that names `npm run build`. */
export async function loadFromBuild(name) {
  const file = path.join(root, "build", "index.js");
  if (!fs.existsSync(file)) {
    refuse(`No hay build del portal (falta ${path.relative(process.cwd(), file) || file}): ejecuta \`npm run build\` primero.`);
  }
  // `remix build` alone leaves out the line that gives bundled CommonJS packages a require().
  const head = fs.readFileSync(file, { encoding: "utf8", flag: "r" }).slice(0, 200);
  if (!head.includes("// npm run build")) {
    refuse(`El build del portal (${file}) está incompleto (se hizo con \`remix build\` solo): ejecuta \`npm run build\`.`);
  }
  let build;
  try {
    build = await import(pathToFileURL(file).href);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    refuse(`El build del portal (${file}) está dañado o incompleto (${reason}): ejecuta \`npm run build\` de nuevo.`);
  }
  const entry = build?.entry?.module?.[name];
  if (typeof entry !== "function") {
    refuse(`El build del portal (${file}) no corresponde a esta versión (no exporta ${name}): ejecuta \`npm run build\` de nuevo.`);
  }
  return { build, entry };
}

/** Runs a start function; a failure at start is one Spanish line (the cause), not a stack trace. */
export function run(what, start) {
  start().catch((error) => {
    refuse(`[${what}] no pudo iniciar: ${error instanceof Error ? error.message : String(error)}`);
  });
}
