import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { CallSection } from "~/db/schema/proposals";

interface Present {
  clientId: number;
  name: string;
  organization: string;
  color: string;
  section: string | null;
}

/** Who is in the document right now, and in which section. */
export function PresenceList({ awareness, sections }: { awareness: Awareness; sections: CallSection[] }) {
  const [people, setPeople] = useState<Present[]>([]);
  useEffect(() => {
    const refresh = () => {
      const list: Present[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { name?: string; organization?: string; color?: string } | undefined;
        if (!user?.name) return;
        list.push({ clientId, name: user.name, organization: user.organization ?? "", color: user.color ?? "#555", section: typeof state.section === "string" ? state.section : null });
      });
      setPeople(list.sort((a, b) => a.name.localeCompare(b.name, "es")));
    };
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [awareness]);
  const titles = new Map(sections.map((s) => [s.key, s.title]));
  return (
    <section aria-labelledby="presence-title" className="presence">
      <h3 id="presence-title">En el documento ahora</h3>
      <ul aria-live="polite">
        {people.map((p) => (
          <li key={p.clientId}>
            <span className="presence__dot" style={{ backgroundColor: p.color }} aria-hidden="true" /> {p.name}
            {p.clientId === awareness.clientID ? " (tú)" : ""} <span className="muted">· {p.organization}{p.section ? ` · en «${titles.get(p.section) ?? p.section}»` : ""}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
