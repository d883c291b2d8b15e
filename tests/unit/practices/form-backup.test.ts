// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import type { PracticeFormValues } from "~/features/practices/components/practice-form";
import { richFromEditorHtml } from "~/features/practices/content.server";
import {
  backupKey,
  readBackup,
  removeBackupIfSent,
  sameAsPortal,
  saveBackup,
  snapshotOf,
  valuesFromBackup,
  type PracticeBackup,
} from "~/features/practices/form-backup";
import { dropDrafts } from "~/utils/draft-store";

/* The practice editor's local backup (docs/decisions/0111, update). */

const ANA = { userKey: "usuario-ana", practiceId: "p1" };

// What TipTap's getHTML() gives for a paragraph with bold and a bullet list.
const TYPED_HTML = "<p>Treinta personas <strong>encontraron</strong> trabajo.</p><ul><li><p>Feria en Coihueco</p></li></ul>";

/** The portal's copy after saving `html` into "effectiveness", as the loader gives it. */
function portalWith(html: string, overrides: Partial<PracticeFormValues> = {}): PracticeFormValues {
  const saved = richFromEditorHtml(html);
  return {
    title: "Feria de oficios",
    organizationName: "OMIL de Coihueco",
    regionCode: "16",
    year: "2026",
    comunaCodes: ["16101"],
    ambitos: ["articulacion", "servicios"],
    beneficiarios: [],
    links: "",
    text: { effectiveness: saved.text, replicability: "Con dos OMIL vecinas." },
    html: { effectiveness: saved.html, replicability: "<p>Con dos OMIL vecinas.</p>" },
    ...overrides,
  };
}

/** The editor's form as it is on the page (rich sections: hidden inputs holding the editor's HTML). */
function editorForm(html: string) {
  document.body.innerHTML = `
    <form>
      <input name="title" value="Feria de oficios">
      <input name="organizationName" value="OMIL de Coihueco">
      <select name="regionCode"><option value="">Sin región</option><option value="16" selected>Ñuble</option></select>
      <input name="year" value="2026">
      <select name="comunaCodes" multiple><option value="16101" selected></option><option value="16102"></option></select>
      <input type="checkbox" name="ambitos" value="articulacion" checked><input type="checkbox" name="ambitos" value="servicios" checked><input type="checkbox" name="ambitos" value="otros">
      <input type="checkbox" name="beneficiarios" value="buscadores">
      <textarea name="links"></textarea>
      <input type="hidden" name="htmlFields" value="effectiveness"><input type="hidden" name="effectiveness">
      <input type="hidden" name="htmlFields" value="replicability"><input type="hidden" name="replicability" value="<p>Con dos OMIL vecinas.</p>">
      <input type="file" name="attachment">
      <input type="hidden" name="intent" value="save">
    </form>`;
  const form = document.forms[0];
  (form.elements.namedItem("effectiveness") as HTMLInputElement).value = html;
  return form;
}

const fieldsOf = (form: HTMLFormElement) => snapshotOf(form);

afterEach(() => {
  localStorage.clear();
  document.body.innerHTML = "";
});

describe("practice form backup", () => {
  it("keeps every field as it would be sent, rich sections as HTML, never the intent or a file", () => {
    const fields = fieldsOf(editorForm(TYPED_HTML));
    expect(fields).toContainEqual(["effectiveness", TYPED_HTML]);
    expect(fields).toContainEqual(["htmlFields", "effectiveness"]);
    // (Lists repeat their name; happy-dom's FormData sends one option of a multiple select, Chromium all of them.)
    expect(fields.filter(([name]) => name === "ambitos")).toEqual([
      ["ambitos", "articulacion"],
      ["ambitos", "servicios"],
    ]);
    expect(fields.some(([name]) => name === "intent" || name === "attachment")).toBe(false);
  });

  it("lives under the drafts' prefix for its person: signing out or someone else signing in drops it", () => {
    expect(saveBackup(ANA, [["title", "Uno"]])).toBe(true);
    expect(backupKey(ANA)).toBe("redomil-draft:usuario-ana:buena-practica:p1");
    expect(readBackup({ ...ANA, practiceId: "p2" })).toBeNull();
    dropDrafts("usuario-ana");
    expect(readBackup(ANA)?.fields).toEqual([["title", "Uno"]]);
    dropDrafts("usuario-beto");
    expect(readBackup(ANA)).toBeNull();
    saveBackup(ANA, [["title", "Uno"]]);
    dropDrafts(null);
    expect(readBackup(ANA)).toBeNull();
  });

  it("keeps the time of the last change, and goes only once the portal saved exactly that content", () => {
    saveBackup(ANA, [["title", "Uno"]], new Date("2026-03-02T12:00:00Z"));
    saveBackup(ANA, [["title", "Uno"]], new Date("2026-03-02T12:05:00Z"));
    expect(readBackup(ANA)?.savedAt).toBe("2026-03-02T12:00:00.000Z");
    saveBackup(ANA, [["title", "Uno y dos"]], new Date("2026-03-02T12:06:00Z"));
    // The answer to an older autosave: what was typed since stays.
    removeBackupIfSent(ANA, [["title", "Uno"]]);
    expect(readBackup(ANA)).toMatchObject({ savedAt: "2026-03-02T12:06:00.000Z", fields: [["title", "Uno y dos"]] });
    removeBackupIfSent(ANA, [["title", "Uno y dos"]]);
    expect(readBackup(ANA)).toBeNull();
  });

  it("drops an unreadable backup", () => {
    localStorage.setItem(backupKey(ANA), "{roto");
    expect(readBackup(ANA)).toBeNull();
    expect(localStorage.getItem(backupKey(ANA))).toBeNull();
  });

  it("tells the portal's copy from a different one, comparing rich sections as the portal stores them", () => {
    const backup: PracticeBackup = { savedAt: new Date().toISOString(), fields: fieldsOf(editorForm(TYPED_HTML)) };
    // Saved (the answer was lost): the same, although the portal rebuilt the HTML and lists come in another order.
    expect(sameAsPortal(backup, portalWith(TYPED_HTML, { ambitos: ["servicios", "articulacion"] }))).toBe(true);
    // A section, a title, a tick or a rich mark that never reached the portal.
    expect(sameAsPortal(backup, portalWith("<p>Treinta personas encontraron trabajo.</p><ul><li><p>Feria en Coihueco</p></li></ul>"))).toBe(false);
    expect(sameAsPortal(backup, portalWith(TYPED_HTML, { title: "Feria" }))).toBe(false);
    expect(sameAsPortal(backup, portalWith(TYPED_HTML, { ambitos: [] }))).toBe(false);
    expect(sameAsPortal(backup, portalWith(TYPED_HTML, { text: { effectiveness: "Otra cosa" }, html: { effectiveness: "<p>Otra cosa</p>" } }))).toBe(false);
  });

  it("gives the form every field back, the rich sections' HTML for their editors", () => {
    const form = editorForm(TYPED_HTML);
    (form.elements.namedItem("title") as HTMLInputElement).value = "Feria de oficios rurales";
    (form.querySelector('input[value="otros"]') as HTMLInputElement).checked = true;
    const backup: PracticeBackup = { savedAt: new Date().toISOString(), fields: fieldsOf(form) };
    const portal = portalWith("<p>Antes</p>", { text: { unclassified: "Texto suelto" }, html: { unclassified: "<p>Texto suelto</p>" } });
    const values = valuesFromBackup(backup, portal);
    expect(values).toMatchObject({
      title: "Feria de oficios rurales",
      regionCode: "16",
      year: "2026",
      comunaCodes: ["16101"],
      ambitos: ["articulacion", "servicios", "otros"],
      beneficiarios: [],
      links: "",
    });
    expect(values.html.effectiveness).toBe(TYPED_HTML);
    expect(values.text.effectiveness).toBe("Treinta personas **encontraron** trabajo.\n\n- Feria en Coihueco");
    // A section the form did not have stays as the portal has it.
    expect(values.html.unclassified).toBe("<p>Texto suelto</p>");
    expect(sameAsPortal(backup, valuesFromBackup(backup, portalWith("<p>Antes</p>")))).toBe(true);
  });
});
