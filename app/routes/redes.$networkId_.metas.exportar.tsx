import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/session.server";
import { getEnv } from "~/env.server";
import { recordAudit } from "~/features/audit/record.server";
import { requireGoalsNetwork, yearFrom } from "~/features/goals/access.server";
import { buildNetworkBoardWithEntries } from "~/features/goals/board.server";
import { entriesCsv, goalsCsv } from "~/features/goals/csv";
import { currentYearInChile, todayInChile } from "~/utils/dates";

/** CSV of the year's goals (`?tipo=metas`) or of every entry (`?tipo=avances`). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, db, network, resource } = await requireGoalsNetwork(request, params.networkId);
  requirePermission(actor, "export", resource);
  const year = yearFrom(request, currentYearInChile());
  const kind = new URL(request.url).searchParams.get("tipo") === "avances" ? "avances" : "metas";
  const board = await buildNetworkBoardWithEntries(db, network, year, todayInChile());
  const body = kind === "avances" ? entriesCsv(network.name, board, getEnv().baseUrl) : goalsCsv(network.name, board);
  const slug = network.name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .toLowerCase();
  await recordAudit(db, { action: "goals.exported", resource: { type: "network", id: network.id, label: network.name }, networkId: network.id, regionCode: network.regionCode, actor, details: { tipo: kind, anio: year, formato: "csv" } });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${kind}-${slug}-${year}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
