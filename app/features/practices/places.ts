/**
 * Places of a practice, from content/territory: the words the search index
 * holds for a practice's region and comunas (names, everyday names, provinces)
 * and the comuna → region synonyms, and the importer's reading of where a
 * write-up comes from (region, comunas and year found in its text, each with
 * the reason it was chosen). Pure: no database.
 */
import { foldAccents } from "~/utils/text";
import comunasData from "../../../content/territory/comunas.json";
import provincesData from "../../../content/territory/provinces.json";
import regionsData from "../../../content/territory/regions.json";

/** How people name a region besides its official short name. */
const REGION_EVERYDAY_NAMES: Record<string, string[]> = {
  "06": ["O'Higgins", "Libertador Bernardo O'Higgins"],
  "08": ["Bío Bío", "Biobio"],
  "09": ["Araucanía"],
  "11": ["Aysén", "Aisén"],
  "12": ["Magallanes"],
  "13": ["Metropolitana", "Santiago", "RM"],
  "15": ["Arica"],
};

export function regionNames(code: string): string[] {
  const region = regionsData.find((r) => r.code === code);
  if (!region) return [];
  return [region.name, region.shortName, ...(REGION_EVERYDAY_NAMES[code] ?? [])];
}

/** The shortest everyday name of a region ("Ñuble", "O'Higgins", "Metropolitana"). */
export function regionEverydayName(code: string): string {
  const region = regionsData.find((r) => r.code === code);
  return REGION_EVERYDAY_NAMES[code]?.[0] ?? region?.shortName ?? code;
}

/** Every name a search should find a practice by: region names, its comunas (and their aliases) and their provinces. */
export function placeWords(regionCode: string | null, comunaCodes: readonly string[]): string[] {
  const words = new Set<string>(regionCode ? regionNames(regionCode) : []);
  for (const code of comunaCodes) {
    const comuna = comunasData.find((c) => c.code === code);
    if (!comuna) continue;
    words.add(comuna.name);
    for (const alias of comuna.aliases) words.add(alias);
    const province = provincesData.find((p) => p.code === comuna.provinceCode);
    if (province) words.add(`provincia de ${province.name}`);
  }
  return [...words];
}

/**
 * One-way synonyms comuna → its region's everyday name (a search for "Chillán"
 * also finds practices of Ñuble). A comuna named like its region is left out,
 * and so are province names equal to a comuna (already exact).
 */
export function comunaRegionSynonyms(): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const comuna of comunasData) {
    const region = foldAccents(regionEverydayName(comuna.regionCode));
    for (const name of [comuna.name, ...comuna.aliases]) {
      const key = name.toLowerCase();
      if (foldAccents(key) === region) continue;
      synonyms[key] = [regionEverydayName(comuna.regionCode).toLowerCase()];
    }
  }
  for (const province of provincesData) {
    const key = province.name.toLowerCase();
    const region = regionEverydayName(province.regionCode).toLowerCase();
    if (foldAccents(key) !== foldAccents(region)) synonyms[key] ??= [region];
  }
  return synonyms;
}

// ---------------------------------------------------------------------------
// The importer's reading of a write-up.

export interface PlaceEvidence {
  regionCode: string;
  /** The words of the text that point to this region. */
  quotes: string[];
  score: number;
}

export interface InferredPlace {
  /** The region chosen, or null ("sin región") when the text names none. */
  regionCode: string | null;
  /** Comunas of that region named in the text. */
  comunaCodes: string[];
  /** Every comuna named in the text, of any region (for when the person picks another region). */
  namedComunaCodes: string[];
  /** The chosen region loses or nearly ties with another: ask the person. */
  unsure: boolean;
  /** Every region the text points to, best first (for the question). */
  candidates: PlaceEvidence[];
  /** Spanish, for the person importing: what was chosen and why. */
  reason: string;
}

export interface InferredYear {
  year: number | null;
  unsure: boolean;
  reason: string;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Word-bounded, accent-folded, capitalised as a proper name in the original text ("Porvenir", not "el porvenir"). */
function findName(text: string, folded: string, name: string): string[] {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(foldAccents(name))}(?![\\p{L}\\p{N}])`, "gu");
  const found: string[] = [];
  for (const m of folded.matchAll(pattern)) {
    const original = text.slice(m.index, m.index + m[0].length);
    if (/^\p{Lu}/u.test(original)) found.push(original);
  }
  return found;
}

/** Region references written as such: "Región de Valparaíso", "Dirección Regional de Biobío", "Región del Maule". */
function explicitRegionMentions(text: string, folded: string): { found: Map<string, string[]>; spans: [number, number][] } {
  const found = new Map<string, string[]>();
  const spans: [number, number][] = [];
  for (const region of regionsData) {
    for (const name of regionNames(region.code)) {
      const bare = foldAccents(name).replace(/^region (de |del )?/, "");
      const pattern = new RegExp(`region(?:al)?\\s+(?:de\\s+(?:la\\s+|los\\s+)?|del\\s+)?${escapeRegExp(bare)}(?![\\p{L}\\p{N}])`, "gu");
      for (const m of folded.matchAll(pattern)) {
        found.set(region.code, [...(found.get(region.code) ?? []), text.slice(m.index, m.index + m[0].length)]);
        spans.push([m.index, m.index + m[0].length]);
      }
    }
  }
  return { found, spans };
}

/** Region numbers as older write-ups give them: "V Región", "Región X", "VIII Región del Biobío". */
const REGION_NUMERALS: Record<string, string> = {
  I: "01", II: "02", III: "03", IV: "04", V: "05", VI: "06", VII: "07", VIII: "08",
  IX: "09", X: "10", XI: "11", XII: "12", XIII: "13", XIV: "14", XV: "15", XVI: "16",
};

function numeralRegionMentions(text: string): { found: Map<string, string[]>; spans: [number, number][] } {
  const found = new Map<string, string[]>();
  const spans: [number, number][] = [];
  // Upper-case numerals only ("la v región" is not a reference); either side of "Región".
  const pattern = /(?<![\p{L}\p{N}])(?:([IVX]{1,4})\s+[Rr]egi[oó]n|[Rr]egi[oó]n\s+([IVX]{1,4}))(?![\p{L}\p{N}])/gu;
  for (const m of text.matchAll(pattern)) {
    const code = REGION_NUMERALS[m[1] ?? m[2]];
    if (!code) continue;
    found.set(code, [...(found.get(code) ?? []), m[0]]);
    spans.push([m.index, m.index + m[0].length]);
  }
  return { found, spans };
}

const quoteList = (quotes: string[]) => [...new Set(quotes)].slice(0, 3).map((q) => `«${q}»`).join(", ");

/**
 * Where a write-up comes from, read from its text: "Región de …" and
 * "Dirección Regional de …" weigh 3, a region's name 2, each distinct comuna 1.
 * Unsure when a second region scores at least two thirds of the first.
 */
export function inferPlace(original: string): InferredPlace {
  let text = original;
  let folded = foldAccents(text);
  const evidence = new Map<string, PlaceEvidence>();
  const add = (regionCode: string, quotes: string[], weight: number) => {
    if (quotes.length === 0) return;
    const e = evidence.get(regionCode) ?? { regionCode, quotes: [], score: 0 };
    e.quotes.push(...quotes);
    e.score += weight;
    evidence.set(regionCode, e);
  };
  const explicit = explicitRegionMentions(text, folded);
  for (const [code, quotes] of explicit.found) add(code, quotes, 3);
  const numerals = numeralRegionMentions(text);
  for (const [code, quotes] of numerals.found) add(code, quotes, 3);
  explicit.spans.push(...numerals.spans);
  // "Región de Valparaíso" is not also the comuna of Valparaíso: those words are blanked for what follows.
  const blank = (value: string) => explicit.spans.reduce((v, [from, to]) => v.slice(0, from) + " ".repeat(to - from) + v.slice(to), value);
  text = blank(text);
  folded = blank(folded);
  for (const region of regionsData) {
    const quotes = regionNames(region.code).slice(1).flatMap((n) => findName(text, folded, n));
    add(region.code, quotes, 2);
  }
  const comunasFound = new Map<string, string[]>();
  for (const comuna of comunasData) {
    const quotes = [comuna.name, ...comuna.aliases].flatMap((n) => findName(text, folded, n));
    if (quotes.length) {
      comunasFound.set(comuna.code, quotes);
      add(comuna.regionCode, quotes, 1);
    }
  }
  const candidates = [...evidence.values()].sort((a, b) => b.score - a.score || a.regionCode.localeCompare(b.regionCode));
  const best = candidates[0];
  const namedComunaCodes = [...comunasFound.keys()].sort();
  if (!best) return { regionCode: null, comunaCodes: [], namedComunaCodes, unsure: false, candidates, reason: "El texto no nombra ninguna región ni comuna conocida." };
  const second = candidates[1];
  // One comuna named once is weak evidence ("Victoria", "Constitución", "Castro" are also words and names): ask.
  const weak = best.score === 1 && best.quotes.length === 1;
  const unsure = weak || (!!second && second.score * 3 >= best.score * 2);
  const comunaCodes = namedComunaCodes.filter((code) => code.startsWith(best.regionCode));
  const name = regionsData.find((r) => r.code === best.regionCode)!.name;
  const reason =
    !!second && second.score * 3 >= best.score * 2
      ? `El texto nombra varias regiones: ${candidates.slice(0, 3).map((c) => `${regionsData.find((r) => r.code === c.regionCode)!.name} (${quoteList(c.quotes)})`).join("; ")}.`
      : weak
        ? `${name}: el texto solo nombra ${quoteList(best.quotes)}, una vez.`
        : `${name}: el texto dice ${quoteList(best.quotes)}.`;
  return { regionCode: best.regionCode, comunaCodes, namedComunaCodes, unsure, candidates, reason };
}

/**
 * The year the practice was applied, from dates in the text ("2017", "octubre
 * de 2024", "12/03/2023"): the latest year mentioned, unsure when several are.
 */
export function inferYear(text: string, now = new Date()): InferredYear {
  const years = new Map<number, string>();
  for (const m of text.matchAll(/(?<![\d/.-])(?:(\d{1,2})[/.-](\d{1,2})[/.-])?((?:19|20)\d{2})(?![\d])/g)) {
    const year = Number(m[3]);
    if (year < 1990 || year > now.getFullYear() + 1 || years.has(year)) continue;
    // The words before the date, within its own line, starting at a whole word.
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    let start = Math.max(lineStart, m.index - 30);
    if (start > lineStart && /[\p{L}\p{N}]/u.test(text[start - 1] ?? "")) {
      const space = text.slice(start, m.index).search(/\s/);
      start = space >= 0 ? start + space + 1 : m.index;
    }
    const words = text.slice(start, m.index + m[0].length).replace(/\s+/g, " ").trim();
    years.set(year, `${start > lineStart ? "…" : ""}${words}`);
  }
  if (years.size === 0) return { year: null, unsure: true, reason: "El texto no menciona ningún año." };
  const sorted = [...years.keys()].sort((a, b) => b - a);
  const year = sorted[0];
  if (sorted.length === 1) return { year, unsure: false, reason: `${year}: el texto dice «${years.get(year)}».` };
  return { year, unsure: true, reason: `${year}, el más reciente de los años que menciona el texto (${sorted.join(", ")}).` };
}
