import { useId, useState } from "react";
import { MAX_SECTION_CHARS } from "../schema.ts";
import type { PracticeSection } from "../template.ts";
import { ClientOnly } from "./client-only.tsx";
import RichTextEditor from "./rich-text-editor.client.tsx";

/**
 * One rich section of the form. Without JavaScript (or before hydration) it is
 * a plain textarea holding the section's text (lists as "- item", **bold**);
 * in the browser it becomes the TipTap editor with the same content.
 */
export function SectionField({
  section,
  text,
  html,
  errors,
  onChange,
  highlight,
}: {
  section: PracticeSection;
  text: string;
  html: string;
  errors?: string[];
  onChange(): void;
  highlight?: boolean;
}) {
  const id = useId();
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const [count, setCount] = useState(text.length);
  return (
    <div className={`section-editor${highlight ? " section-editor--highlight" : ""}`}>
      <label id={labelId} htmlFor={`${id}-text`} style={{ fontWeight: 600 }}>
        {section.label}
      </label>
      <p className="field__hint" id={hintId}>
        {section.hint}
      </p>
      <ClientOnly
        fallback={
          <>
            <textarea
              id={`${id}-text`}
              name={section.key}
              defaultValue={text}
              rows={Math.min(16, Math.max(4, Math.ceil(text.length / 90)))}
              aria-describedby={hintId}
              style={{ width: "100%", font: "inherit" }}
              onChange={(e) => {
                setCount(e.currentTarget.value.length);
                onChange();
              }}
            />
            <p className="char-count">
              {count.toLocaleString("es-CL")} / {MAX_SECTION_CHARS.toLocaleString("es-CL")} caracteres. Listas con «- » al inicio de la línea;
              **negrita**.
            </p>
          </>
        }
      >
        {() => <RichTextEditor name={section.key} initialHtml={html} labelId={labelId} describedBy={hintId} maxChars={MAX_SECTION_CHARS} onChange={onChange} />}
      </ClientOnly>
      {errors?.length ? (
        <ul className="field__errors" role="alert">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
