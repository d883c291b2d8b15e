/*
 * Reads the .eml files the local mailer writes (DATA_DIR/outbox): headers and
 * decoded text/HTML parts. Small on purpose (no mail parser is installed):
 * it understands what nodemailer writes (multipart/alternative, quoted-printable, base64).
 */
import fs from "node:fs";
import path from "node:path";

export interface ParsedEmail {
  headers: Map<string, string>;
  text: string;
  html: string | null;
  raw: string;
}

function splitHeaders(block: string): { headers: Map<string, string>; body: string } {
  const at = block.search(/\r?\n\r?\n/);
  const head = at < 0 ? block : block.slice(0, at);
  const body = at < 0 ? "" : block.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding = ""): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/quoted-printable/i.test(encoding)) {
    const joined = body.replace(/=\r?\n/g, "");
    const bytes: number[] = [];
    for (let i = 0; i < joined.length; i += 1) {
      if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
        bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(...Buffer.from(joined[i], "utf8"));
    }
    return Buffer.from(bytes).toString("utf8");
  }
  return body;
}

export function parseEml(raw: string): ParsedEmail {
  const { headers, body } = splitHeaders(raw);
  const type = headers.get("content-type") ?? "text/plain";
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1)
        .filter((p) => !p.startsWith("--"))
        .map((p) => splitHeaders(p.replace(/^\r?\n/, "")))
    : [{ headers, body }];
  const part = (mime: string) => parts.find((p) => (p.headers.get("content-type") ?? "text/plain").startsWith(mime));
  const text = part("text/plain");
  const html = part("text/html");
  return {
    headers,
    text: text ? decodeBody(text.body, text.headers.get("content-transfer-encoding")).trimEnd() : "",
    html: html ? decodeBody(html.body, html.headers.get("content-transfer-encoding")) : null,
    raw,
  };
}

/** Waits for the newest .eml to `to` whose decoded text contains `marker` (any, without one). */
export async function waitForEmail(dataDir: string, to: string, marker = "", timeoutMs = 15_000): Promise<ParsedEmail> {
  const dir = path.join(dataDir, "outbox");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : [];
    for (const f of files) {
      const mail = parseEml(fs.readFileSync(path.join(dir, f), "utf8"));
      if (mail.headers.get("to") === to && mail.text.includes(marker)) return mail;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No llegó correo para ${to}`);
}
