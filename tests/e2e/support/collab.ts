import type { Locator } from "playwright-core";

/** Polls `check` until it holds; fails with `what` after the timeout. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Tiempo agotado esperando: ${what}`);
}

/** An editor's text without the other people's caret labels (decorations, not content). */
export function textWithoutCarets(editor: Locator): Promise<string> {
  return editor.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".collaboration-carets__caret").forEach((caret) => caret.remove());
    return (copy.textContent ?? "").trim();
  });
}
