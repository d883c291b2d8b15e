/*
 * The goal page's history of reviewed entries: filtered by office, status and
 * month, and cut into pages, all from the URL (`?omil=&estado=&mes=&pagina=`)
 * so a plain GET form works without JavaScript and a link keeps the view.
 */

export const HISTORY_PAGE_SIZE = 15;
export const HISTORY_STATUS_LABELS = { validated: "Validado", rejected: "Rechazado" } as const;
type HistoryStatus = keyof typeof HISTORY_STATUS_LABELS;
/** The office filter's value for entries of the whole network (no office). */
export const WHOLE_NETWORK = "red";

export interface HistoryFilter {
  office: string;
  status: HistoryStatus | "";
  month: string;
  page: number;
}

interface HistoryEntry {
  organizationId: string | null;
  status: "pending" | "validated" | "rejected";
  occurredOn: string;
}

/** Reads the filter from the URL; anything malformed is ignored (no filter, first page). */
export function historyFilterFrom(url: URL): HistoryFilter {
  const office = url.searchParams.get("omil") ?? "";
  const rawStatus = url.searchParams.get("estado") ?? "";
  const status = rawStatus in HISTORY_STATUS_LABELS ? (rawStatus as HistoryStatus) : "";
  const rawMonth = url.searchParams.get("mes") ?? "";
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(rawMonth) ? rawMonth : "";
  const page = Number(url.searchParams.get("pagina") ?? "1");
  return { office: /^[\w-]{1,64}$/.test(office) ? office : "", status, month, page: Number.isInteger(page) && page >= 1 ? page : 1 };
}

/** The page of entries that match, with the figures the pager needs (a page past the end shows the last one). */
export function pageOfHistory<E extends HistoryEntry>(entries: readonly E[], filter: HistoryFilter) {
  const matching = entries.filter(
    (e) =>
      e.status !== "pending" &&
      (!filter.office || (filter.office === WHOLE_NETWORK ? e.organizationId === null : e.organizationId === filter.office)) &&
      (!filter.status || e.status === filter.status) &&
      (!filter.month || e.occurredOn.startsWith(filter.month)),
  );
  const pageCount = Math.max(1, Math.ceil(matching.length / HISTORY_PAGE_SIZE));
  const page = Math.min(filter.page, pageCount);
  return {
    rows: matching.slice((page - 1) * HISTORY_PAGE_SIZE, page * HISTORY_PAGE_SIZE),
    total: matching.length,
    page,
    pageCount,
    filter: { ...filter, page },
  };
}

/** The months (YYYY-MM) that reviewed entries fall in, newest first, for the month filter. */
export function historyMonths(entries: readonly HistoryEntry[]): string[] {
  return [...new Set(entries.filter((e) => e.status !== "pending").map((e) => e.occurredOn.slice(0, 7)))].sort().reverse();
}

/** The query string of a filter at another page (empty values left out). */
export function historyQuery(filter: HistoryFilter, page: number): string {
  const params = new URLSearchParams();
  if (filter.office) params.set("omil", filter.office);
  if (filter.status) params.set("estado", filter.status);
  if (filter.month) params.set("mes", filter.month);
  if (page > 1) params.set("pagina", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}
