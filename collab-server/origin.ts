/*
 * Origin allowlist for WebSocket upgrades.
 *
 * Guarantee: a socket is only served when the browser says it comes from one
 * of our own pages. Browsers always send Origin on WebSocket upgrades and do
 * not let pages forge it, so this blocks cross-site WebSocket hijacking (a
 * foreign page riding the user's cookies). A missing Origin is refused too:
 * non-browser clients must set it explicitly.
 */

/** `https://Example.org:443/` → `https://example.org`; null for anything that is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** Builds the checker once; throws at boot on a malformed allowlist entry. */
export function createOriginCheck(allowedOrigins: readonly string[]): (origin: string | undefined) => boolean {
  const allowed = new Set<string>();
  for (const entry of allowedOrigins) {
    const normalized = normalizeOrigin(entry.trim());
    if (!normalized) throw new Error(`Origen inválido en la lista permitida: "${entry}"`);
    allowed.add(normalized);
  }
  return (origin) => {
    if (!origin) return false;
    const normalized = normalizeOrigin(origin);
    return normalized !== null && allowed.has(normalized);
  };
}
