// @vitest-environment happy-dom
import { useForm } from "@conform-to/react";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MentionTextarea, type MentionOption } from "~/features/proposals/mention-textarea";

/* The "@" suggestions of the comment textarea (ARIA combobox), driven like a keyboard user would. */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const people: MentionOption[] = [
  { id: "javier", name: "Javier Muñoz", email: "omil.sanfabian@demo.redomil.cl", organizationName: "OMIL San Fabián" },
  { id: "javier-2", name: "Javier Munoz", email: "otro@demo.cl", organizationName: "OMIL Ñiquén" },
  { id: "rodrigo", name: "Rodrigo Sepúlveda", email: "dr.nuble@demo.redomil.cl", organizationName: "DR Ñuble" },
  { id: "marcela", name: "Marcela Contreras", email: "omil.sancarlos@demo.redomil.cl", organizationName: "OMIL San Carlos" },
];

function Harness() {
  const [form, fields] = useForm<{ body: string; mentionUserIds: string[] }>({ id: "prueba" });
  return (
    <form id={form.id}>
      <MentionTextarea label="Comentario" field={fields.body} people={people} mentionFieldName={fields.mentionUserIds.name} />
      {people.map((p) => (
        <input key={p.id} type="checkbox" name={fields.mentionUserIds.name} value={p.id} aria-label={p.name} />
      ))}
    </form>
  );
}

let container: HTMLDivElement;
let root: Root;
beforeEach(async () => {
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root.render(<Harness />));
});
afterEach(async () => {
  await act(async () => root.unmount());
  container.remove();
});

const textarea = () => container.querySelector("textarea")!;
const listbox = () => container.querySelector<HTMLElement>('[role="listbox"]')!;
const options = () => [...container.querySelectorAll<HTMLElement>('[role="option"]')];

async function type(text: string) {
  const t = textarea();
  await act(async () => {
    t.focus();
    t.value += text;
    t.setSelectionRange(t.value.length, t.value.length);
    t.dispatchEvent(new Event("input", { bubbles: true }));
  });
}
async function press(key: string) {
  await act(async () => {
    textarea().dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
  });
}

describe("MentionTextarea", () => {
  it("is a combobox that lists matching people after @ and picks with the keyboard", async () => {
    const t = textarea();
    expect(t.getAttribute("role")).toBe("combobox");
    expect(t.getAttribute("aria-expanded")).toBe("false");
    expect(t.getAttribute("aria-controls")).toBe(listbox().id);

    await type("Hola @sepul");
    expect(t.getAttribute("aria-expanded")).toBe("true");
    expect(listbox().hidden).toBe(false);
    expect(options().map((o) => o.textContent)).toEqual(["Rodrigo Sepúlveda · DR Ñuble"]);
    expect(t.getAttribute("aria-activedescendant")).toBe(options()[0].id);

    await press("Enter");
    expect(t.value).toBe("Hola @Rodrigo Sepúlveda ");
    expect(t.getAttribute("aria-expanded")).toBe("false");
    expect(listbox().hidden).toBe(true);
    // Typing on after the picked name does not reopen the list.
    await type("mira");
    expect(t.getAttribute("aria-expanded")).toBe("false");
  });

  it("moves with the arrows, closes with Escape and picks with Tab", async () => {
    const t = textarea();
    await type("@");
    expect(options()).toHaveLength(4);
    await press("ArrowDown");
    expect(t.getAttribute("aria-activedescendant")).toBe(options()[1].id);
    expect(options()[1].getAttribute("aria-selected")).toBe("true");
    await press("ArrowUp");
    await press("ArrowUp");
    expect(t.getAttribute("aria-activedescendant")).toBe(options()[3].id);
    await press("Escape");
    expect(t.getAttribute("aria-expanded")).toBe("false");
    expect(t.value).toBe("@");

    await type(" @marc");
    await press("Tab");
    expect(t.value).toBe("@ @Marcela Contreras ");
  });

  it("picks with a click, and ticks a person whose name someone else shares", async () => {
    await type("@javier");
    expect(options()).toHaveLength(2);
    const second = options().find((o) => o.textContent?.includes("Ñiquén"))!;
    await act(async () => second.dispatchEvent(new MouseEvent("click", { bubbles: true })));
    expect(textarea().value).toBe("@Javier Munoz ");
    const ticked = [...container.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].filter((c) => c.checked).map((c) => c.value);
    expect(ticked).toEqual(["javier-2"]);
  });
});
