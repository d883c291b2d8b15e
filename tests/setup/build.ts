import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * The portal and `npm run collab` run on the Remix build (server/start.js,
 * server/start-collab.js): build once if a previous step (npm test builds
 * first) did not.
 */
export function ensureBuilt() {
  if (!fs.existsSync(path.join(ROOT, "build", "index.js"))) {
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], { cwd: ROOT, stdio: "ignore" });
    execFileSync(process.execPath, [path.join(ROOT, "scripts/finish-server-build.mjs")], { cwd: ROOT, stdio: "ignore" });
  }
}
