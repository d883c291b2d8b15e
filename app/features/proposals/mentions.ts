import { normalizeForMatch } from "~/utils/text";

/*
 * "@Nombre Apellido" mentions in comment text, shared by the browser (the
 * suggestions shown while typing) and the server (who gets notified).
 * Matching ignores accents and case; a name must end at a word boundary, and
 * the longest matching name wins, so "@Ana Pérez Soto" is not "@Ana Pérez".
 */

export interface MentionablePerson {
  id: string;
  name: string;
  email: string;
}

/** Names longer than this (in characters after the "@") are never looked for. */
const MAX_NAME_LENGTH = 120;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

const isWordChar = (char: string | undefined) => char !== undefined && WORD_CHAR.test(char);

/** An "@" that starts a mention: at the start or after a character that is not part of a word (so "ana@correo.cl" is not one). */
function startsMention(text: string, at: number) {
  return text[at] === "@" && !isWordChar(text[at - 1]) && isWordChar(text[at + 1]);
}

/** People grouped by their name as compared (accents and case folded, single spaces). */
function byNormalizedName(people: MentionablePerson[]) {
  const map = new Map<string, MentionablePerson[]>();
  for (const person of people) {
    const key = normalizeForMatch(person.name);
    if (!key) continue;
    map.set(key, [...(map.get(key) ?? []), person]);
  }
  return map;
}

/**
 * The people mentioned as "@Nombre Apellido" in `text`, each once, in order of
 * first mention. An "@x" matching nobody stays plain text; a name shared by
 * two people is ambiguous and mentions neither (pick them from the list).
 */
export function resolveTextMentions(text: string, people: MentionablePerson[]): MentionablePerson[] {
  const names = byNormalizedName(people);
  const found = new Map<string, MentionablePerson>();
  for (let at = text.indexOf("@"); at !== -1; at = text.indexOf("@", at + 1)) {
    if (!startsMention(text, at)) continue;
    let match: MentionablePerson[] | undefined;
    const limit = Math.min(text.length, at + 1 + MAX_NAME_LENGTH);
    // Every end of a word after the "@" is a candidate end of a name; keep the longest that names someone.
    for (let end = at + 2; end <= limit; end++) {
      if (end < text.length && isWordChar(text[end])) continue;
      if (!isWordChar(text[end - 1])) continue;
      const candidate = names.get(normalizeForMatch(text.slice(at + 1, end)));
      if (candidate) match = candidate;
    }
    if (match?.length === 1 && !found.has(match[0].id)) found.set(match[0].id, match[0]);
  }
  return [...found.values()];
}

/** Whether a person's name is shared by someone else in `people` (the text alone cannot tell them apart). */
export function hasAmbiguousName(person: MentionablePerson, people: MentionablePerson[]) {
  const key = normalizeForMatch(person.name);
  return people.some((p) => p.id !== person.id && normalizeForMatch(p.name) === key);
}

/**
 * The mention being typed at the caret: the "@" position and the text typed
 * after it (up to three words, so "@Marcela Con" still narrows the list), or
 * null when the caret is not in a mention.
 */
export function mentionQueryAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf("@");
  if (at === -1 || isWordChar(before[at - 1])) return null;
  const query = before.slice(at + 1);
  if (query.length > 60 || !/^[\p{L}\p{M}\p{N}.'_-]*(?: [\p{L}\p{M}\p{N}.'_-]*){0,2}$/u.test(query)) return null;
  return { start: at, query };
}

/** People whose name or email contains the query (accents and case ignored); those whose name starts with it first. */
export function suggestPeople<P extends MentionablePerson>(people: P[], query: string, limit = 8): P[] {
  const q = normalizeForMatch(query);
  const scored: { person: P; rank: number }[] = [];
  for (const person of people) {
    const name = normalizeForMatch(person.name);
    const email = person.email.toLowerCase();
    if (!q) scored.push({ person, rank: 2 });
    else if (name.startsWith(q)) scored.push({ person, rank: 0 });
    else if (name.split(" ").some((word) => word.startsWith(q))) scored.push({ person, rank: 1 });
    else if (name.includes(q) || email.includes(query.trim().toLowerCase()) || normalizeForMatch(email).includes(q)) scored.push({ person, rank: 2 });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || a.person.name.localeCompare(b.person.name, "es"))
    .slice(0, limit)
    .map((s) => s.person);
}

/** The text with the mention typed at [start, caret) replaced by "@Nombre Apellido ", and where the caret goes. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const after = text.slice(caret).replace(/^ /, "");
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}
