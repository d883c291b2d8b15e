// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { collectDraft, draftsFor, dropDrafts, removeDraft, restoreDraft, saveDraft, submitterFor } from "~/utils/form-drafts";

/* Drafts of forms not sent (docs/decisions/0111): what is kept, where, and what never is. */

function renderForm(html: string): HTMLFormElement {
  document.body.innerHTML = html;
  return document.forms[0];
}

const COMMENT_FORM = `
  <form id="new-thread" method="post" aria-labelledby="t">
    <h3 id="t">Nuevo comentario</h3>
    <input type="hidden" name="intent" value="new-thread">
    <label>Sección <select name="sectionKey"><option value="">Elige</option><option value="a">A</option><option value="b">B</option></select></label>
    <label>Comentario <textarea name="body"></textarea></label>
    <label><input type="checkbox" name="mention" value="u1"> Uno</label>
    <label><input type="checkbox" name="mention" value="u2"> Dos</label>
    <label>Clave <input type="password" name="password"></label>
    <label>Otra clave <input type="text" name="pin" autocomplete="new-password"></label>
    <button type="submit" name="intent" value="new-thread">Comentar</button>
  </form>`;

afterEach(() => {
  localStorage.clear();
  document.body.innerHTML = "";
});

describe("form drafts", () => {
  it("keeps what was typed and picked, never passwords or hidden values, and puts it back", () => {
    const form = renderForm(COMMENT_FORM);
    (form.elements.namedItem("sectionKey") as HTMLSelectElement).value = "b";
    (form.elements.namedItem("body") as HTMLTextAreaElement).value = "Hay que revisar el presupuesto.";
    (form.querySelector('input[value="u2"]') as HTMLInputElement).checked = true;
    (form.elements.namedItem("password") as HTMLInputElement).value = "secreta";
    (form.elements.namedItem("pin") as HTMLInputElement).value = "1234";
    const button = form.querySelector("button")!;

    const draft = collectDraft(form, button)!;
    expect(draft.formId).toBe("new-thread");
    expect(draft.label).toBe("Nuevo comentario");
    expect(draft.fields).toEqual([
      ["sectionKey", "b"],
      ["body", "Hay que revisar el presupuesto."],
      ["mention", "u2"],
    ]);
    expect(JSON.stringify(draft)).not.toContain("secreta");
    expect(JSON.stringify(draft)).not.toContain("1234");
    expect(draft.submitter).toEqual({ name: "intent", value: "new-thread" });

    // The page comes back empty; the draft fills it again.
    const fresh = renderForm(COMMENT_FORM);
    restoreDraft(fresh, draft);
    expect((fresh.elements.namedItem("sectionKey") as HTMLSelectElement).value).toBe("b");
    expect((fresh.elements.namedItem("body") as HTMLTextAreaElement).value).toBe("Hay que revisar el presupuesto.");
    expect((fresh.querySelector('input[value="u2"]') as HTMLInputElement).checked).toBe(true);
    expect((fresh.querySelector('input[value="u1"]') as HTMLInputElement).checked).toBe(false);
    expect(submitterFor(fresh, draft)?.textContent).toBe("Comentar");
  });

  it("has nothing to keep for a form with nothing typed", () => {
    const form = renderForm(`<form method="post"><input type="hidden" name="threadId" value="t1"><button name="intent" value="resolve-thread">Marcar como resuelto</button></form>`);
    expect(collectDraft(form, form.querySelector("button"))).toBeNull();
  });

  it("stores per person and page, and drops other people's drafts (all of them on sign-out)", () => {
    const form = renderForm(COMMENT_FORM);
    (form.elements.namedItem("body") as HTMLTextAreaElement).value = "Borrador";
    const draft = collectDraft(form, null)!;
    expect(saveDraft("ana", "/propuestas/p1", draft)).toBe(true);
    expect(saveDraft("beto", "/propuestas/p1", draft)).toBe(true);
    expect(draftsFor("ana", "/propuestas/p1").map((d) => d.fields)).toEqual([draft.fields]);
    expect(draftsFor("ana", "/propuestas/p2")).toEqual([]);

    dropDrafts("ana");
    expect(draftsFor("beto", "/propuestas/p1")).toEqual([]);
    expect(draftsFor("ana", "/propuestas/p1")).toHaveLength(1);
    removeDraft("ana", "/propuestas/p1", draft.formId);
    expect(draftsFor("ana", "/propuestas/p1")).toEqual([]);

    saveDraft("ana", "/propuestas/p1", draft);
    dropDrafts(null);
    expect(localStorage.length).toBe(0);
  });
});
