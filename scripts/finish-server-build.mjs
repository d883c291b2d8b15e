// Second half of `npm run build`: the server bundle (build/index.js) includes CommonJS packages that
// call require() for Node built-ins at run time; an ES module has no require, so one is defined at
// the top of the bundle (module scope, not global). Idempotent. server/load-build.js refuses a
// bundle without this line (built by `remix build` alone) and asks for `npm run build`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REQUIRE_BANNER = 'import { createRequire as __redOmilCreateRequire } from "node:module"; const require = __redOmilCreateRequire(import.meta.url); // npm run build\n';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "build", "index.js");
const source = fs.readFileSync(file, "utf8");
if (!source.startsWith(REQUIRE_BANNER)) fs.writeFileSync(file, REQUIRE_BANNER + source);
