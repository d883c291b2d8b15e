/*
 * The digest email's HTML (rendered to static markup on the server, so every
 * value is escaped by React) and its plain-text twin. Inline styles only:
 * mail clients drop <style> blocks and external CSS.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { CATEGORY_LABELS, type NotificationCategory } from "./categories.ts";

export interface DigestItem {
  title: string;
  body: string;
  /** Absolute link into the portal, or null. */
  link: string | null;
  /** Already formatted in Chile's time ("5 de diciembre de 2026, 09:30"). */
  when: string;
}

export interface DigestContent {
  personName: string;
  /** "Resumen diario" / "Resumen semanal". */
  heading: string;
  /** "del 4 de diciembre, 08:00 al 5 de diciembre de 2026, 08:00". */
  periodLabel: string;
  groups: { category: NotificationCategory; items: DigestItem[] }[];
  notificationsUrl: string;
  preferencesUrl: string;
}

const count = (n: number) => (n === 1 ? "1 notificación" : `${n} notificaciones`);

function DigestHtml({ content }: { content: DigestContent }) {
  const total = content.groups.reduce((n, g) => n + g.items.length, 0);
  return (
    <html lang="es-CL">
      <body style={{ fontFamily: "Arial, Helvetica, sans-serif", color: "#1b1b1b", lineHeight: 1.5, margin: 0, padding: "16px", background: "#f4f6f9" }}>
        <div style={{ maxWidth: "600px", margin: "0 auto", background: "#ffffff", padding: "24px", borderRadius: "6px" }}>
          <h1 style={{ fontSize: "20px", margin: "0 0 8px", color: "#0b3d6e" }}>
            {content.heading} de Red OMIL
          </h1>
          <p style={{ margin: "0 0 16px" }}>
            Hola, {content.personName}: tienes {count(total)} {content.periodLabel}.
          </p>
          {content.groups.map((group) => (
            <div key={group.category}>
              <h2 style={{ fontSize: "16px", margin: "24px 0 8px", color: "#0b3d6e", borderBottom: "1px solid #d0d7e2", paddingBottom: "4px" }}>
                {CATEGORY_LABELS[group.category].label} ({group.items.length})
              </h2>
              <ul style={{ margin: 0, paddingLeft: "20px" }}>
                {group.items.map((item, index) => (
                  <li key={index} style={{ margin: "0 0 12px" }}>
                    {item.link ? (
                      <a href={item.link} style={{ color: "#0b5cad", fontWeight: "bold" }}>
                        {item.title}
                      </a>
                    ) : (
                      <strong>{item.title}</strong>
                    )}
                    <br />
                    <span style={{ color: "#555555", fontSize: "13px" }}>{item.when}</span>
                    {item.body ? <div style={{ whiteSpace: "pre-line" }}>{item.body}</div> : null}
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <p style={{ margin: "24px 0 0" }}>
            <a href={content.notificationsUrl} style={{ color: "#0b5cad" }}>
              Ver todas tus notificaciones
            </a>
          </p>
          <p style={{ margin: "16px 0 0", fontSize: "13px", color: "#555555" }}>
            Recibes este resumen porque así lo elegiste. Puedes cambiar cómo recibes cada tipo de aviso en{" "}
            <a href={content.preferencesUrl} style={{ color: "#0b5cad" }}>
              tus preferencias de notificación
            </a>
            .
          </p>
        </div>
      </body>
    </html>
  );
}

export function digestHtml(content: DigestContent): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(<DigestHtml content={content} />)}`;
}

export function digestText(content: DigestContent): string {
  const total = content.groups.reduce((n, g) => n + g.items.length, 0);
  const lines = [`${content.heading} de Red OMIL`, "", `Hola, ${content.personName}: tienes ${count(total)} ${content.periodLabel}.`];
  for (const group of content.groups) {
    const label = `${CATEGORY_LABELS[group.category].label} (${group.items.length})`;
    lines.push("", label, "=".repeat(label.length));
    for (const item of group.items) {
      lines.push("", `* ${item.title}`, `  ${item.when}`);
      if (item.body) lines.push(...item.body.split("\n").map((l) => `  ${l}`));
      if (item.link) lines.push(`  ${item.link}`);
    }
  }
  lines.push("", `Ver todas tus notificaciones: ${content.notificationsUrl}`, `Cambiar tus preferencias de notificación: ${content.preferencesUrl}`, "");
  return lines.join("\n");
}
