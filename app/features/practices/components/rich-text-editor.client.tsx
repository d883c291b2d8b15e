/**
 * Rich text for one practice section (TipTap, not collaborative). Only the
 * marks and blocks our stored format keeps are enabled: paragraphs, line
 * breaks, bold, italic, bullet and numbered lists. The HTML goes into a
 * hidden input with the section's name, flagged in `htmlFields` so the
 * server knows to sanitize and convert it.
 */
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useState } from "react";

export interface RichTextEditorProps {
  name: string;
  initialHtml: string;
  labelId: string;
  describedBy: string;
  maxChars: number;
  onChange(): void;
}

export default function RichTextEditor({ name, initialHtml, labelId, describedBy, maxChars, onChange }: RichTextEditorProps) {
  const [html, setHtml] = useState(initialHtml);
  const [chars, setChars] = useState(0);
  const editor = useEditor({
    immediatelyRender: false,
    extensions: [
      StarterKit.configure({
        blockquote: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        heading: { levels: [3, 4] },
        strike: false,
        underline: false,
        link: false,
      }),
    ],
    content: initialHtml,
    editorProps: {
      attributes: { role: "textbox", "aria-multiline": "true", "aria-labelledby": labelId, "aria-describedby": describedBy, spellcheck: "true", lang: "es-CL" },
    },
    onCreate: ({ editor: e }) => setChars(e.getText().length),
    onUpdate: ({ editor: e }) => {
      setHtml(e.isEmpty ? "" : e.getHTML());
      setChars(e.getText().length);
      onChange();
    },
  });
  const toggle = (label: string, active: boolean, run: () => void) => (
    <button type="button" aria-pressed={active} onClick={run} disabled={!editor}>
      {label}
    </button>
  );
  return (
    <div>
      <input type="hidden" name="htmlFields" value={name} />
      <input type="hidden" name={name} value={html} />
      <div className="editor-toolbar" role="toolbar" aria-label="Formato">
        {toggle("Negrita", !!editor?.isActive("bold"), () => editor?.chain().focus().toggleBold().run())}
        {toggle("Cursiva", !!editor?.isActive("italic"), () => editor?.chain().focus().toggleItalic().run())}
        {toggle("Viñetas", !!editor?.isActive("bulletList"), () => editor?.chain().focus().toggleBulletList().run())}
        {toggle("Lista numerada", !!editor?.isActive("orderedList"), () => editor?.chain().focus().toggleOrderedList().run())}
      </div>
      <EditorContent editor={editor} />
      <p className={`char-count${chars > maxChars ? " char-count--over" : ""}`} aria-live="polite">
        {chars.toLocaleString("es-CL")} / {maxChars.toLocaleString("es-CL")} caracteres
      </p>
    </div>
  );
}
