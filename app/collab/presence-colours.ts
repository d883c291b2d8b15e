/*
 * Colours of the people in a live document (presence dots, carets, caret labels).
 *
 * Each person has a preferred colour from a stable hash of their account id, so
 * they keep it from one visit to the next; when several present people prefer
 * the same colour, the one with the smaller id keeps it and the others take the
 * next free colour of the palette. Every browser computes the same assignment
 * from the same set of present people, and each writes only its own colour into
 * its presence, so all screens converge on the same colours.
 *
 * The palette: eight hues far apart (blue, red, green, purple, orange, magenta,
 * cyan, slate), each dark enough for the white caret label (contrast ≥ 4.5:1).
 */

export const PRESENCE_PALETTE = ["#1d4ed8", "#b91c1c", "#15803d", "#7e22ce", "#b45309", "#be185d", "#0e7490", "#374151"] as const;

/** A palette index from a stable hash (FNV-1a) of the person's key. */
export function preferredColourIndex(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % PRESENCE_PALETTE.length;
}

export function preferredColour(key: string): string {
  return PRESENCE_PALETTE[preferredColourIndex(key)];
}

/**
 * Colours for the people present now, by key. Distinct while there are no more
 * people than colours (beyond that, colours repeat as little as possible).
 * Several tabs of one person share that person's colour.
 */
export function assignColours(keys: Iterable<string>): Map<string, string> {
  const unique = [...new Set(keys)].sort();
  const byPreference = unique
    .map((key) => ({ key, preferred: preferredColourIndex(key) }))
    .sort((a, b) => a.preferred - b.preferred || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const uses = new Array<number>(PRESENCE_PALETTE.length).fill(0);
  const result = new Map<string, string>();
  // People whose preferred colour is free keep it; the rest, in a fixed order, take the least used colour after it.
  const pending: typeof byPreference = [];
  for (const person of byPreference) {
    if (uses[person.preferred] === 0) {
      uses[person.preferred] = 1;
      result.set(person.key, PRESENCE_PALETTE[person.preferred]);
    } else pending.push(person);
  }
  for (const person of pending) {
    let best = person.preferred;
    for (let step = 1; step < PRESENCE_PALETTE.length; step += 1) {
      const candidate = (person.preferred + step) % PRESENCE_PALETTE.length;
      if (uses[candidate] < uses[best]) best = candidate;
    }
    uses[best] += 1;
    result.set(person.key, PRESENCE_PALETTE[best]);
  }
  return result;
}
