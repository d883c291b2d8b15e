/**
 * Optional metadata block at the top of a practice file.
 *
 * Format (a small, forgiving subset of YAML front-matter, so files stay
 * readable in any editor and GitHub renders them):
 *
 *     ---
 *     slug: mesa-territorial-punilla
 *     region: 16
 *     year: 2018
 *     comunas: 16301, 16304, 16303
 *     links:
 *       - Nota de prensa | https://example.cl/nota
 *       - https://example.cl/otra
 *     ---
 *
 * - The block must be the first non-blank thing in the text, opened and closed
 *   by a line of exactly `---`.
 * - Keys may also be written in Spanish (`región`, `año`, `enlaces`).
 * - Lists are comma-separated on one line, `[a, b]`, or "- item" lines below
 *   the key. A link is `url` or `label | url`.
 * - Invalid values are dropped with a Spanish warning; they never stop the
 *   import, because the text of the practice matters more than its metadata.
 */
import type { PracticeLink, PracticeMetadata } from "../template";
import { foldForMatch } from "./normalize";

export interface FrontMatterResult {
  metadata: PracticeMetadata | null;
  /** The text after the block (the whole text when there is none). */
  body: string;
  warnings: string[];
}

type MetadataKey = "slug" | "region" | "year" | "comunas" | "links";

const KEY_ALIASES: Record<string, MetadataKey> = {
  slug: "slug",
  region: "region",
  year: "year",
  ano: "year",
  comunas: "comunas",
  comuna: "comunas",
  links: "links",
  enlaces: "links",
  link: "links",
};

function unquote(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/, "$2").trim();
}

function splitList(value: string): string[] {
  const inner = value.trim().replace(/^\[(.*)\]$/, "$1");
  return inner
    .split(",")
    .map(unquote)
    .filter(Boolean);
}

function parseLink(raw: string): PracticeLink | null {
  const value = unquote(raw);
  const pipe = value.lastIndexOf("|");
  const label = pipe >= 0 ? value.slice(0, pipe).trim() : "";
  const url = (pipe >= 0 ? value.slice(pipe + 1) : value).trim();
  if (!/^https?:\/\/\S+$/i.test(url)) return null;
  return label ? { url, label } : { url };
}

/** Reads `key: value` lines plus "- item" continuation lines into raw values. */
function readEntries(lines: string[], warnings: string[]): Map<MetadataKey, string[]> {
  const entries = new Map<MetadataKey, string[]>();
  let current: MetadataKey | null = null;
  for (const line of lines) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item) {
      if (current) entries.get(current)?.push(item[1]);
      else warnings.push(`Metadatos: la línea «${line.trim()}» no pertenece a ningún campo y se ignoró.`);
      continue;
    }
    const pair = /^([^:]+):\s*(.*)$/.exec(line.trim());
    const key = pair ? KEY_ALIASES[foldForMatch(pair[1])] : undefined;
    if (!pair || !key) {
      current = null;
      warnings.push(`Metadatos: no se reconoce «${line.trim()}»; se ignoró.`);
      continue;
    }
    current = key;
    const value = pair[2].trim();
    // Links may contain commas, so on one line they are separated by ", ".
    const values = key === "comunas" ? splitList(value) : key === "links" ? value.split(/,\s+/) : [value];
    entries.set(key, values.filter((v) => unquote(v) !== ""));
  }
  return entries;
}

function buildMetadata(entries: Map<MetadataKey, string[]>, warnings: string[]): PracticeMetadata {
  const metadata: PracticeMetadata = { comunas: [], links: [] };

  const slug = unquote(entries.get("slug")?.[0] ?? "");
  if (slug) {
    if (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) metadata.slug = slug;
    else warnings.push(`Metadatos: el identificador «${slug}» debe usar minúsculas sin tildes y guiones.`);
  }

  const region = unquote(entries.get("region")?.[0] ?? "");
  if (region) {
    // Codes are text; "8" is accepted and padded because people drop the zero.
    if (/^\d{1,2}$/.test(region) && Number(region) >= 1 && Number(region) <= 16) {
      metadata.region = region.padStart(2, "0");
    } else warnings.push(`Metadatos: «${region}» no es un código de región válido (01 a 16).`);
  }

  const year = unquote(entries.get("year")?.[0] ?? "");
  if (year) {
    if (/^\d{4}$/.test(year) && Number(year) >= 1990 && Number(year) <= 2100) metadata.year = Number(year);
    else warnings.push(`Metadatos: «${year}» no es un año válido.`);
  }

  for (const raw of (entries.get("comunas") ?? []).flatMap(splitList)) {
    const code = raw.padStart(5, "0");
    if (!/^\d{5}$/.test(code)) {
      warnings.push(`Metadatos: «${raw}» no es un código de comuna (5 dígitos).`);
    } else if (metadata.region && !code.startsWith(metadata.region)) {
      warnings.push(`Metadatos: la comuna ${code} no pertenece a la región ${metadata.region}; se omitió.`);
    } else if (!metadata.comunas.includes(code)) metadata.comunas.push(code);
  }

  for (const raw of entries.get("links") ?? []) {
    const link = parseLink(raw);
    if (link) metadata.links.push(link);
    else warnings.push(`Metadatos: el enlace «${unquote(raw)}» debe comenzar con http:// o https://.`);
  }
  return metadata;
}

/** Expects text with "\n" line endings (see `normalizeNewlines`). */
export function extractFrontMatter(text: string): FrontMatterResult {
  const lines = text.split("\n");
  let start = 0;
  while (start < lines.length && !lines[start].trim()) start += 1;
  if (lines[start]?.trim() !== "---") return { metadata: null, body: text, warnings: [] };

  const end = lines.findIndex((line, i) => i > start && line.trim() === "---");
  if (end < 0) {
    return {
      metadata: null,
      body: text,
      warnings: ["El bloque de metadatos inicial («---») no está cerrado; se trató como texto."],
    };
  }
  const warnings: string[] = [];
  const entries = readEntries(lines.slice(start + 1, end), warnings);
  return {
    metadata: buildMetadata(entries, warnings),
    body: lines.slice(end + 1).join("\n"),
    warnings,
  };
}
