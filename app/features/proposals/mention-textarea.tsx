import { getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { useHydrated } from "~/utils/use-hydrated";
import { ErrorList } from "~/components/forms";
import { hasAmbiguousName, insertMention, mentionQueryAt, suggestPeople, type MentionablePerson } from "./mentions.ts";

export interface MentionOption extends MentionablePerson {
  organizationName: string;
}

/**
 * A comment textarea that suggests people while typing "@" (ARIA combobox
 * with a listbox: arrows move, Enter or Tab pick, Escape closes, a click picks).
 * Picking writes "@Nombre Apellido " into the text; the server reads mentions
 * from the text. Without JavaScript it is a plain textarea (the checklist next
 * to it still mentions people).
 */
export function MentionTextarea({
  label,
  field,
  rows = 3,
  people,
  mentionFieldName,
}: {
  label: string;
  field: FieldMetadata<string | undefined, Record<string, unknown>, string[]>;
  rows?: number;
  people: MentionOption[];
  /** The checklist's field name: a person whose name someone else shares is ticked there too (the text cannot tell them apart). */
  mentionFieldName?: string;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listboxId = useId();
  const hintId = useId();
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [active, setActive] = useState(0);
  // An "@" whose suggestions were closed (Escape, or a person picked) stays closed until another "@" is typed.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const options = mention ? suggestPeople(people, mention.query) : [];
  const open = options.length > 0;
  const props = getTextareaProps(field);
  // Suggestions need JavaScript: until it runs, this is a plain textarea (no combobox semantics promised).
  const hydrated = useHydrated();
  const suggests = hydrated && people.length > 0;

  const refresh = () => {
    const textarea = ref.current;
    if (!textarea || textarea.selectionStart !== textarea.selectionEnd) return setMention(null);
    const next = mentionQueryAt(textarea.value, textarea.selectionStart);
    if (!next) {
      setDismissedAt(null);
      return setMention(null);
    }
    if (next.start === dismissedAt) return setMention(null);
    if (next.start !== mention?.start || next.query !== mention.query) setActive(0);
    setMention(next);
  };

  const pick = (person: MentionOption) => {
    const textarea = ref.current;
    if (!textarea || !mention) return;
    const result = insertMention(textarea.value, mention.start, textarea.selectionStart, person.name);
    textarea.value = result.text;
    textarea.setSelectionRange(result.caret, result.caret);
    // Let conform (and anyone listening) know the value changed.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    if (mentionFieldName && hasAmbiguousName(person, people)) {
      const box = [...(textarea.form?.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${mentionFieldName}"]`) ?? [])].find((input) => input.value === person.id);
      if (box) box.checked = true;
    }
    // The picked mention is complete: the same "@" does not suggest again while typing after it.
    setDismissedAt(mention.start);
    setMention(null);
    textarea.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      pick(options[Math.min(active, options.length - 1)]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setDismissedAt(mention?.start ?? null);
      setMention(null);
    }
  };

  const optionId = (index: number) => `${listboxId}-opcion-${index}`;
  const describedBy = [props["aria-describedby"], suggests ? hintId : undefined].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field mention-field">
      <label htmlFor={field.id}>{label}</label>
      <textarea
        {...props}
        key={props.key}
        ref={ref}
        rows={rows}
        aria-describedby={describedBy}
        {...(suggests
          ? {
              role: "combobox",
              "aria-autocomplete": "list" as const,
              "aria-expanded": open,
              "aria-controls": listboxId,
              "aria-activedescendant": open ? optionId(Math.min(active, options.length - 1)) : undefined,
            }
          : {})}
        onInput={refresh}
        onKeyDown={onKeyDown}
        onKeyUp={(event) => {
          if (event.key === "ArrowLeft" || event.key === "ArrowRight" || event.key === "Home" || event.key === "End") refresh();
        }}
        onClick={refresh}
        onBlur={() => setMention(null)}
      />
      {suggests ? (
        <>
          <span className="field__hint" id={hintId}>
            Escribe @ y un nombre para mencionar a alguien.
          </span>
          <ul id={listboxId} role="listbox" aria-label="Personas que puedes mencionar" className="mention-list" hidden={!open}>
            {options.map((person, index) => (
              // A combobox option: the keyboard stays in the textarea (arrows, Enter, Escape via
              // aria-activedescendant, handled in its onKeyDown); the click is the pointer's way in.
              // eslint-disable-next-line jsx-a11y/click-events-have-key-events
              <li
                key={person.id}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                // Keep the focus in the textarea (a blur would close the list before the click).
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(person)}
                onMouseEnter={() => setActive(index)}
              >
                {person.name} <span className="muted">· {person.organizationName}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ErrorList id={field.errorId} errors={field.errors} />
    </div>
  );
}
