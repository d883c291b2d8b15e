import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { CallRules, CallSection } from "~/db/schema/proposals";
import { appendBudgetRow, deriveProposalContent, paragraphsJson, parseClpAmount, writeSectionJson } from "~/editor/proposal-doc";
import { checkProposalRules, type RulesInput } from "~/features/proposals/rules";

const sections: CallSection[] = [
  { key: "diagnostico", title: "Diagnóstico", guidance: "", maxCharacters: 40, required: true },
  { key: "objetivos", title: "Objetivos", guidance: "", maxCharacters: 0, required: true },
  { key: "anexos", title: "Anexos", guidance: "", maxCharacters: 10, required: false },
];
const rules: CallRules = { requiredSections: true, characterLimits: true, budgetWithinMaximum: true, noRepeatedThemeFromPreviousYear: true };
const call = { sections, maxBudget: 1_000_000, rules };

/** A proposal document written the way the editor writes it. */
function contentOf(texts: Record<string, string>, budget: { item: string; amount: string }[] = []) {
  const doc = new Y.Doc();
  for (const [key, text] of Object.entries(texts)) writeSectionJson(doc, key, paragraphsJson(text));
  for (const row of budget) appendBudgetRow(doc, { ...row, description: "" });
  return deriveProposalContent(
    doc,
    sections.map((s) => s.key),
  );
}

const check = (content: RulesInput["content"], overrides: Partial<RulesInput> = {}) =>
  checkProposalRules({ call, themeSlug: "apresto-laboral", content, previousYearTheme: null, ...overrides });

describe("proposal rules engine", () => {
  it("is clear when required sections are written, limits kept and the budget fits", () => {
    const content = contentOf({ diagnostico: "Pocas ofertas rurales.", objetivos: "Atender en terreno." }, [{ item: "Vehículo", amount: "900.000" }]);
    expect(check(content)).toEqual([]);
  });

  it("lists every empty required section by name, in plain Spanish, but not optional ones", () => {
    const problems = check(contentOf({}, [{ item: "Vehículo", amount: "1000" }]));
    expect(problems.map((p) => p.message)).toEqual(["Falta escribir la sección «Diagnóstico».", "Falta escribir la sección «Objetivos»."]);
    expect(problems.every((p) => p.code === "section-empty")).toBe(true);
  });

  it("counts characters of the section's text (code points, paragraphs joined) against its limit", () => {
    const content = contentOf({ diagnostico: "Ñuble ".repeat(10), objetivos: "x", anexos: "0123456789ñ" }, [{ item: "a", amount: "1" }]);
    expect(content.sections.diagnostico.characters).toBe(59);
    const problems = check(content);
    expect(problems.map((p) => p.code)).toEqual(["section-too-long", "section-too-long"]);
    expect(problems[0].message).toBe("La sección «Diagnóstico» tiene 59 caracteres; el máximo es 40. Acorta 19.");
    expect(problems[1].sectionKey).toBe("anexos");
  });

  it("refuses a budget over the maximum and says by how much", () => {
    const problems = check(contentOf({ diagnostico: "a", objetivos: "b" }, [{ item: "Vehículo", amount: "$ 800.000" }, { item: "Difusión", amount: "300000" }]));
    expect(problems).toHaveLength(1);
    expect(problems[0].code).toBe("budget-over-maximum");
    expect(problems[0].message).toContain("$1.100.000");
    expect(problems[0].message).toContain("Reduce $100.000");
  });

  it("flags an amount that is not a number in its row, and an empty budget", () => {
    const flagged = check(contentOf({ diagnostico: "a", objetivos: "b" }, [{ item: "Afiches", amount: "por definir" }]));
    expect(flagged.map((p) => p.message)).toEqual(["El monto del ítem 1 («Afiches») no es un número en pesos: «por definir»."]);
    expect(check(contentOf({ diagnostico: "a", objetivos: "b" })).map((p) => p.code)).toEqual(["budget-empty"]);
  });

  it("refuses the same theme as the network's application to the previous year's call", () => {
    const content = contentOf({ diagnostico: "a", objetivos: "b" }, [{ item: "a", amount: "1" }]);
    const previousYearTheme = { themeSlug: "ferias-laborales", themeLabel: "Ferias laborales", callName: "Fondo 2025" };
    const same = check(content, { themeSlug: "ferias-laborales", previousYearTheme });
    expect(same).toHaveLength(1);
    expect(same[0].code).toBe("same-theme-as-previous-year");
    expect(same[0].message).toContain("«Ferias laborales» a «Fondo 2025»");
    expect(check(content, { themeSlug: "apresto-laboral", previousYearTheme })).toEqual([]);
    // A call whose rules do not include it does not apply it.
    expect(check(content, { themeSlug: "ferias-laborales", previousYearTheme, call: { ...call, rules: { ...rules, noRepeatedThemeFromPreviousYear: false } } })).toEqual([]);
  });
});

describe("CLP amounts", () => {
  it.each([
    ["1.500.000", 1_500_000],
    ["$ 1.500.000", 1_500_000],
    ["1500000", 1_500_000],
    [" 850000 ", 850_000],
    ["", null],
    ["1,5 millones", null],
    ["1.50", null],
    ["-300", null],
  ])("%j → %j", (input, expected) => expect(parseClpAmount(input)).toBe(expected));

  it("requires every attachment the call lists: missing ones block, attached ones clear", () => {
    const content = contentOf({ diagnostico: "Pocas ofertas rurales.", objetivos: "Atender en terreno." }, [{ item: "Vehículo", amount: "900.000" }]);
    const withAttachments = { call: { ...call, requiredAttachments: ["Carta de compromiso", "Certificado de vigencia"] } };
    const missing = check(content, { ...withAttachments, attachedRequirements: ["Certificado de vigencia", "otro"] });
    expect(missing).toEqual([{ code: "attachment-missing", message: "Falta el adjunto obligatorio «Carta de compromiso»." }]);
    expect(check(content, withAttachments).map((p) => p.message)).toEqual([
      "Falta el adjunto obligatorio «Carta de compromiso».",
      "Falta el adjunto obligatorio «Certificado de vigencia».",
    ]);
    expect(check(content, { ...withAttachments, attachedRequirements: ["Carta de compromiso", "Certificado de vigencia"] })).toEqual([]);
  });
});
