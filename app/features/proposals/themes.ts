import themes from "../../../content/taxonomies/proposal-themes.json";

/** The proposal themes taxonomy (content/taxonomies/proposal-themes.json), editable as content. */
export const PROPOSAL_THEMES: readonly { slug: string; label: string }[] = themes;

export function themeLabel(slug: string): string {
  return PROPOSAL_THEMES.find((t) => t.slug === slug)?.label ?? slug;
}
