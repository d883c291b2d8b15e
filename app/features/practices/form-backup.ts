/*
 * The practice editor's local backup (docs/decisions/0111, update): the whole form as last typed —
 * every field, the rich sections as the editor's HTML — kept in this browser's localStorage until
 * the portal confirmed that content, so a closed tab or a dropped line loses nothing. Same prefix
 * and sign-out rules as the form drafts (app/utils/draft-store.ts): never another person's.
 *
 * Browser-only helpers without React; the form's side is components/use-practice-autosave.ts.
 */

import { draftStorage, userDraftKey } from "~/utils/draft-store";
import type { PracticeFormValues } from "./components/practice-form.tsx";
import { htmlToPracticeText } from "./import/html-to-practice-text.ts";
import { practiceTextToHtml } from "./import/practice-text-html.ts";
import { RICH_SECTION_KEYS } from "./schema.ts";

export interface BackupOwner {
  userKey: string;
  practiceId: string;
}

export interface PracticeBackup {
  savedAt: string;
  /** The form's fields in document order, as they would be sent (no `intent`, no files). */
  fields: [name: string, value: string][];
}

export function backupKey({ userKey, practiceId }: BackupOwner): string {
  return userDraftKey(userKey, `buena-practica:${practiceId}`);
}

/** What the form would send now (rich sections: their hidden inputs' HTML, listed in `htmlFields`). */
export function snapshotOf(form: HTMLFormElement): PracticeBackup["fields"] {
  const fields: PracticeBackup["fields"] = [];
  for (const [name, value] of new FormData(form)) {
    if (name !== "intent" && typeof value === "string") fields.push([name, value]);
  }
  return fields;
}

const sameFields = (a: PracticeBackup["fields"], b: PracticeBackup["fields"]) => JSON.stringify(a) === JSON.stringify(b);

// ---- Storage --------------------------------------------------------------------------------------

/** Keeps the form's content; false when this browser would not store it (disabled or full). */
export function saveBackup(owner: BackupOwner, fields: PracticeBackup["fields"], now = new Date()): boolean {
  const store = draftStorage();
  if (!store) return false;
  const key = backupKey(owner);
  // Unchanged content keeps its time: the notice says when it was typed, not when it was last looked at.
  const current = readBackup(owner);
  if (current && sameFields(current.fields, fields)) return true;
  try {
    store.setItem(key, JSON.stringify({ savedAt: now.toISOString(), fields } satisfies PracticeBackup));
    return true;
  } catch {
    return false;
  }
}

export function readBackup(owner: BackupOwner): PracticeBackup | null {
  const store = draftStorage();
  const raw = store?.getItem(backupKey(owner));
  if (!raw) return null;
  try {
    const backup = JSON.parse(raw) as PracticeBackup;
    if (Array.isArray(backup.fields) && typeof backup.savedAt === "string") return backup;
  } catch {
    // unreadable: dropped below
  }
  store?.removeItem(backupKey(owner));
  return null;
}

export function removeBackup(owner: BackupOwner) {
  draftStorage()?.removeItem(backupKey(owner));
}

/** The portal saved `sent`: the backup goes if it holds exactly that (not what was typed since). */
export function removeBackupIfSent(owner: BackupOwner, sent: PracticeBackup["fields"]) {
  const current = readBackup(owner);
  if (current && sameFields(current.fields, sent)) removeBackup(owner);
}

// ---- Against the portal's copy ----------------------------------------------------------------------

const SCALARS = ["title", "organizationName", "regionCode", "year", "links"] as const;
const LISTS = ["comunaCodes", "ambitos", "beneficiarios"] as const;

const clean = (value: string) => value.replace(/\r\n?/g, "\n").trim();
/** A rich section as the portal stores it: the editor's HTML reduced to the section's text. */
const richText = (value: string, isHtml: boolean) => clean(isHtml ? htmlToPracticeText(value) : value);

function read(backup: PracticeBackup) {
  const all = (name: string) => backup.fields.filter(([n]) => n === name).map(([, v]) => v);
  const htmlFields = all("htmlFields");
  const has = (name: string) => backup.fields.some(([n]) => n === name);
  return { all, has, isHtml: (key: string) => htmlFields.includes(key) };
}

/**
 * Whether the backup holds what the portal has (then there is nothing to recover). Rich sections
 * are compared as the portal stores them (text), since it rebuilds their HTML from that text.
 */
export function sameAsPortal(backup: PracticeBackup, portal: PracticeFormValues): boolean {
  const { all, isHtml } = read(backup);
  for (const key of SCALARS) if (clean(all(key)[0] ?? "") !== clean(portal[key])) return false;
  for (const key of LISTS) if ([...all(key)].sort().join("\n") !== [...portal[key]].sort().join("\n")) return false;
  for (const key of RICH_SECTION_KEYS) {
    const mine = richText(all(key)[0] ?? "", isHtml(key));
    if (mine !== clean(portal.text[key] ?? "") && mine !== richText(portal.html[key] ?? "", true)) return false;
  }
  return true;
}

/** The form's values from a backup (what it lacks stays as the portal has it). */
export function valuesFromBackup(backup: PracticeBackup, portal: PracticeFormValues): PracticeFormValues {
  const { all, has, isHtml } = read(backup);
  const one = (key: (typeof SCALARS)[number]) => (has(key) ? all(key)[0] : portal[key]);
  const text = { ...portal.text };
  const html = { ...portal.html };
  for (const key of RICH_SECTION_KEYS) {
    if (!has(key)) continue;
    const value = all(key)[0];
    text[key] = richText(value, isHtml(key));
    html[key] = isHtml(key) ? value : practiceTextToHtml(value);
  }
  return {
    title: one("title"),
    organizationName: one("organizationName"),
    regionCode: one("regionCode"),
    year: one("year"),
    links: one("links"),
    // An unticked list sends nothing: absent means none chosen.
    comunaCodes: all("comunaCodes"),
    ambitos: all("ambitos"),
    beneficiarios: all("beneficiarios"),
    text,
    html,
  };
}
