// Third step of `npm run build`: writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy
// beside every script and stylesheet of the browser build (public/build). The portal serves them
// as they are (server/build-assets.ts): on-the-fly compression uses brotli quality 4, whose output
// for the framework chunk is 16 % larger than quality 11 — 11 KB more on every cold page load,
// a third of a second on a 256 kbit/s line (docs/decisions/0125). Idempotent.
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const buildDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "public", "build");

/** Every .js and .css file under the browser build. */
async function assetsIn(dir) {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.(js|css)$/.test(e.name)).map((e) => path.join(e.parentPath ?? e.path, e.name));
}

async function compress(file) {
  const source = await fs.readFile(file);
  const [br, gz] = await Promise.all([
    brotli(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
    gzip(source, { level: 9 }),
  ]);
  await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
  return { raw: source.length, br: br.length };
}

const started = Date.now();
const files = await assetsIn(buildDir);
// zlib's async calls run on libuv's thread pool: a few files at a time use every core.
const totals = { raw: 0, br: 0 };
for (let i = 0; i < files.length; i += 8) {
  for (const sizes of await Promise.all(files.slice(i, i + 8).map(compress))) {
    totals.raw += sizes.raw;
    totals.br += sizes.br;
  }
}
console.log(`compressed ${files.length} browser assets: ${(totals.raw / 1000).toFixed(0)} KB → ${(totals.br / 1000).toFixed(0)} KB brotli (${Date.now() - started} ms)`);
