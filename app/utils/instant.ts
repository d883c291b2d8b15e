/**
 * An instant as seen in Chile, for notices rendered in the browser on every page (offline banner,
 * form drafts, local copies): "6 de diciembre de 2026 a las 23:50". Intl only — date-fns here
 * would put ~10 KB into every public page's JavaScript budget. 24-hour clock: es-CL's 12-hour
 * form ends in "p. m.", which a sentence's own period turned into "p. m..".
 */
const FORMAT = new Intl.DateTimeFormat("es-CL", { timeZone: "America/Santiago", dateStyle: "long", timeStyle: "short", hourCycle: "h23" });

export function formatInstant(value: Date | string | number): string {
  return FORMAT.format(new Date(value));
}
