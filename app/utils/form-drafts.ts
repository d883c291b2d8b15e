/*
 * Drafts of forms that could not be sent (docs/decisions/0111): what a person typed in a form of
 * the portal, kept in this browser's localStorage under their user id, the page's URL and the
 * form's id, until it is sent or discarded. Never a password or a file; never another person's
 * (all drafts go on sign-out, and other people's when someone signs in).
 *
 * Browser-only helpers without React; the page's side is app/components/form-drafts.tsx.
 */

import { draftStorage as storage, userDraftKey } from "./draft-store.ts";

export { dropDrafts } from "./draft-store.ts";

export interface FormDraft {
  /** The form's id on the page (see `formKeyOf`). */
  formId: string;
  /** What the form is called on screen (its label, heading or button), for the notice. */
  label: string;
  savedAt: string;
  /** Typed fields in document order (checkbox groups repeat their name). */
  fields: [name: string, value: string][];
  /** The button that submitted it (e.g. `intent`), so "Enviar ahora" sends the same thing. */
  submitter: { name: string; value: string } | null;
  /** Files that were chosen and could not be kept (their field labels). */
  droppedFiles: string[];
}

export function draftKey(userKey: string, url: string, formId: string): string {
  return userDraftKey(userKey, `${url}#${formId}`);
}

/** A form's stable id on its page: its `id` (conform sets one), else its accessible name, else its position. */
export function formKeyOf(form: HTMLFormElement): string {
  if (form.id) return form.id;
  const named = form.getAttribute("aria-label") ?? form.getAttribute("name");
  if (named) return `nombre:${named}`;
  return `posicion:${[...document.forms].indexOf(form)}`;
}

/** What a person sees as the form's name. */
export function formLabelOf(form: HTMLFormElement): string {
  const labelledBy = form.getAttribute("aria-labelledby");
  const heading = labelledBy ? document.getElementById(labelledBy)?.textContent : null;
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"], button:not([type])')?.textContent;
  return (form.getAttribute("aria-label") ?? heading ?? button ?? "el formulario").trim();
}

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
const isField = (element: Element): element is Field =>
  element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;

/** Fields a person types or picks: never passwords, hidden values (the page sets them) or buttons. */
function isKeptField(field: Field): boolean {
  if (!field.name || field.disabled) return false;
  if (field instanceof HTMLInputElement) {
    if (["password", "hidden", "submit", "button", "reset", "image", "file"].includes(field.type)) return false;
    if (/password/i.test(field.autocomplete)) return false;
  }
  return true;
}

/** What the person typed in the form; null when nothing was typed (button-only forms). */
export function collectDraft(form: HTMLFormElement, submitter: HTMLElement | null): FormDraft | null {
  const fields: FormDraft["fields"] = [];
  const droppedFiles: string[] = [];
  let typed = false;
  for (const element of Array.from(form.elements)) {
    if (!isField(element)) continue;
    if (element instanceof HTMLInputElement && element.type === "file" && element.files?.length) {
      droppedFiles.push(element.labels?.[0]?.textContent?.trim() || element.name);
      continue;
    }
    if (!isKeptField(element)) continue;
    if (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio")) {
      if (element.checked) fields.push([element.name, element.value]);
      if (element.checked !== element.defaultChecked) typed = true;
      continue;
    }
    if (element instanceof HTMLSelectElement) {
      for (const option of Array.from(element.selectedOptions)) fields.push([element.name, option.value]);
      if (Array.from(element.options).some((o) => o.selected !== o.defaultSelected)) typed = true;
      continue;
    }
    fields.push([element.name, element.value]);
    if (element.value !== element.defaultValue || element.value.trim() !== "") typed = true;
  }
  if (!typed) return null;
  const button = submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter : null;
  return {
    formId: formKeyOf(form),
    label: formLabelOf(form),
    savedAt: new Date().toISOString(),
    fields,
    submitter: button?.name ? { name: button.name, value: button.value } : null,
    droppedFiles,
  };
}

/** Sets a value so React (controlled or not) sees it, as if typed. */
function setValue(field: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string) {
  const prototype = Object.getPrototypeOf(field) as object;
  const setter = Object.getOwnPropertyDescriptor(prototype, "value")?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
}
function setChecked(field: HTMLInputElement, checked: boolean) {
  if (field.checked === checked) return;
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "checked")?.set?.call(field, checked);
  field.dispatchEvent(new Event("click", { bubbles: true }));
}

/** Puts a draft's values back into the form on the page. */
export function restoreDraft(form: HTMLFormElement, draft: FormDraft) {
  const values = new Map<string, string[]>();
  for (const [name, value] of draft.fields) values.set(name, [...(values.get(name) ?? []), value]);
  for (const element of Array.from(form.elements)) {
    if (!isField(element) || !isKeptField(element) || !values.has(element.name)) continue;
    const wanted = values.get(element.name)!;
    if (element instanceof HTMLInputElement && (element.type === "checkbox" || element.type === "radio")) {
      setChecked(element, wanted.includes(element.value));
      continue;
    }
    if (element instanceof HTMLSelectElement && element.multiple) {
      for (const option of Array.from(element.options)) option.selected = wanted.includes(option.value);
    } else {
      // Same-named text fields (rare) take the values in order.
      const sameName = Array.from(form.elements).filter((e): e is Field => isField(e) && e.name === element.name);
      setValue(element, wanted[sameName.indexOf(element)] ?? wanted[0]);
    }
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }
}

/** The button that sends the draft as it was sent (same name and value), or the form's first submit button. */
export function submitterFor(form: HTMLFormElement, draft: FormDraft): HTMLButtonElement | HTMLInputElement | null {
  const buttons = Array.from(form.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button:not([type="button"]):not([type="reset"]), input[type="submit"]'));
  return buttons.find((b) => draft.submitter && b.name === draft.submitter.name && b.value === draft.submitter.value) ?? buttons[0] ?? null;
}

// ---- Storage --------------------------------------------------------------------------------------

export function saveDraft(userKey: string, url: string, draft: FormDraft): boolean {
  try {
    storage()?.setItem(draftKey(userKey, url, draft.formId), JSON.stringify(draft));
    return storage() !== null;
  } catch {
    return false; // full storage: the notice says it was not kept
  }
}

export function removeDraft(userKey: string, url: string, formId: string) {
  storage()?.removeItem(draftKey(userKey, url, formId));
}

/** This person's drafts of this page. */
export function draftsFor(userKey: string, url: string): FormDraft[] {
  const store = storage();
  if (!store) return [];
  const prefix = draftKey(userKey, url, "");
  const drafts: FormDraft[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (!key?.startsWith(prefix)) continue;
    try {
      drafts.push(JSON.parse(store.getItem(key) ?? "") as FormDraft);
    } catch {
      store.removeItem(key);
    }
  }
  return drafts;
}

