import { getSchema, type AnyExtension } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";

/*
 * The one list of TipTap extensions for proposal sections, shared by the
 * browser editor and the server (derivation of JSON/text, exports, seeding,
 * restoring versions), so both read a section with the same schema.
 * No React and no server-only code here.
 *
 * Undo/redo is off: with Yjs the collaboration extension provides an undo
 * that only reverts the local user's changes.
 */
export function proposalSectionExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      undoRedo: false,
      codeBlock: false,
      code: false,
      horizontalRule: false,
      heading: { levels: [3, 4] },
      // No `protocols`: http, https and mailto are linkify's own schemes, and registering them again
      // from every editor's onCreate printed "linkifyjs: already initialized" once per scheme and editor.
      // `isAllowedUri` narrows what a link may point to instead.
      link: { openOnClick: false, autolink: true, isAllowedUri: (url, ctx) => ctx.defaultValidate(url) && isAllowedLinkUrl(url) },
    }),
  ];
}

/** Links in proposals point to web pages or mail addresses only (no javascript:, data:, ftp:, tel:). */
export function isAllowedLinkUrl(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url.trim());
}

let cachedSchema: ReturnType<typeof getSchema> | undefined;

/** The ProseMirror schema of a proposal section. */
export function proposalSectionSchema() {
  cachedSchema ??= getSchema(proposalSectionExtensions());
  return cachedSchema;
}

/** Name of the Y.XmlFragment holding one section of a proposal's Y.Doc. */
export const sectionFragmentName = (sectionKey: string) => `section:${sectionKey}`;
/** Name of the Y.Array of budget rows (Y.Map of id and one Y.Text per cell, see budget-doc.ts) in a proposal's Y.Doc. */
export const BUDGET_ARRAY_NAME = "budget";
