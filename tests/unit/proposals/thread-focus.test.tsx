// @vitest-environment happy-dom
import type { Editor } from "@tiptap/core";
import { absolutePositionToRelativePosition, ySyncPluginKey } from "@tiptap/y-tiptap";
import { act } from "react";
import { createRoot, type Root } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { paragraphsJson, writeSectionJson } from "~/editor/proposal-doc";
import { sectionFragmentName } from "~/editor/extensions";
import { SectionEditor } from "~/features/proposals/editor/section-editor.client";
import { focusThread } from "~/features/proposals/thread-focus";
import { DEFAULT_MAX_MESSAGE_BYTES } from "~/collab/change-limits";

/*
 * "Go to the commented passage" against a real section editor (TipTap bound
 * to a Y.Doc): the anchor's Yjs relative positions select the passage after
 * others edited around it, and a deleted passage is reported, not thrown.
 */

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const SECTION = { key: "objetivos", title: "Objetivos", guidance: "", maxCharacters: 0, required: true };
const encode = (position: Y.RelativePosition) => btoa(String.fromCharCode(...Y.encodeRelativePosition(position)));

let root: Root | undefined;
let container: HTMLDivElement | undefined;
afterEach(async () => {
  await act(async () => root?.unmount());
  container?.remove();
});

async function mountEditor() {
  const doc = new Y.Doc();
  writeSectionJson(doc, SECTION.key, paragraphsJson("Mejorar la empleabilidad rural coordinada por la red."));
  container = document.createElement("div");
  document.body.append(container);
  root = createRoot(container);
  const awareness = new Awareness(doc);
  const render = (threads: { id: string; start: string | null; end: string | null }[]) =>
    act(async () => {
      root!.render(<SectionEditor doc={doc} section={SECTION} awareness={awareness} user={{ key: "user-marcela", name: "Marcela", organization: "OMIL San Carlos", color: "#b3261e" }} readOnly={false} threads={threads} maxMessageBytes={() => DEFAULT_MAX_MESSAGE_BYTES} />);
    });
  await render(NO_THREADS);
  // useEditor creates the editor after the first render (immediatelyRender: false).
  await act(async () => new Promise((r) => setTimeout(r, 50)));
  const element = container.querySelector<HTMLElement>(".ProseMirror")!;
  expect(element).not.toBeNull();
  return { doc, element, render };
}

const NO_THREADS: never[] = [];

/** The anchor the editor stores for the words `quote` (as "Comentar el texto seleccionado" does). */
function anchorFor(element: HTMLElement, doc: Y.Doc, quote: string) {
  // TipTap keeps its editor on the editable element.
  const editor = (element as unknown as { editor: Editor }).editor;
  const text = editor.state.doc.textContent;
  const from = 1 + text.indexOf(quote);
  const to = from + quote.length;
  const binding = ySyncPluginKey.getState(editor.state)!.binding;
  const fragment = doc.getXmlFragment(sectionFragmentName(SECTION.key));
  return {
    editor,
    start: encode(absolutePositionToRelativePosition(from, fragment, binding.mapping)),
    end: encode(absolutePositionToRelativePosition(to, fragment, binding.mapping)),
  };
}

describe("going to a thread's passage", () => {
  it("highlights the open threads handed to it, and follows a new list without recreating the editor", async () => {
    const { doc, element, render } = await mountEditor();
    const { editor, start, end } = anchorFor(element, doc, "empleabilidad rural");
    expect(element.querySelectorAll(".comment-anchor")).toHaveLength(0);
    await render([{ id: "t1", start, end }]);
    expect(element.querySelector(".comment-anchor")?.textContent).toBe("empleabilidad rural");
    expect((element as unknown as { editor: Editor }).editor).toBe(editor);
    await render(NO_THREADS);
    expect(element.querySelectorAll(".comment-anchor")).toHaveLength(0);
  });

  it("selects and highlights the passage, following edits made before it", async () => {
    const { doc, element } = await mountEditor();
    const { editor, start, end } = anchorFor(element, doc, "coordinada por la red");
    await act(async () => void editor.commands.insertContentAt(1, "Objetivo general: "));
    let result: ReturnType<typeof focusThread> = null;
    await act(async () => void (result = focusThread({ id: "t1", sectionKey: SECTION.key, start, end })));
    expect(result).toBe("selected");
    const { from, to } = editor.state.selection;
    expect(editor.state.doc.textBetween(from, to)).toBe("coordinada por la red");
    expect(element.querySelector(".comment-anchor--active")?.textContent).toBe("coordinada por la red");
  });

  it("says the passage no longer exists when its text was deleted, and shows the section for threads without an anchor", async () => {
    const { doc, element } = await mountEditor();
    const { editor, start, end } = anchorFor(element, doc, "coordinada por la red");
    const text = editor.state.doc.textContent;
    const from = 1 + text.indexOf("coordinada");
    await act(async () => void editor.commands.deleteRange({ from, to: from + "coordinada por la red".length }));
    let result: ReturnType<typeof focusThread> = null;
    await act(async () => void (result = focusThread({ id: "t1", sectionKey: SECTION.key, start, end })));
    expect(result).toBe("missing");
    expect(element.querySelector(".comment-anchor--active")).toBeNull();
    await act(async () => void (result = focusThread({ id: "t2", sectionKey: SECTION.key, start: null, end: null })));
    expect(result).toBe("section");
    // Another section has no live editor here.
    expect(focusThread({ id: "t3", sectionKey: "diagnostico", start, end })).toBeNull();
  });
});
