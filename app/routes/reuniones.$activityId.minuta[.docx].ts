import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireActor } from "~/auth/session.server";
import { getDb } from "~/db/client.server";
import { recordAudit } from "~/features/audit/record.server";
import { isMeetingType } from "~/features/activities/labels";
import { meetingPageData, minutesPackage } from "~/features/activities/meeting-page.server";
import { minutesDocx } from "~/features/activities/minutes-export.server";
import { requireReadableActivity } from "~/features/activities/pages.server";
import { can } from "~/permissions/permissions";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const db = getDb();
  const meeting = await requireReadableActivity(db, actor, params.activityId);
  if (!isMeetingType(meeting.activity.typeSlug) || !can(actor, "read", { type: "calendar", networkId: meeting.network.id, regionCode: meeting.network.regionCode })) throw notFound();
  const data = await meetingPageData(db, actor, meeting);
  const buffer = await minutesDocx(db, minutesPackage(meeting, data));
  await recordAudit(db, { action: "meeting.minutes_exported", resource: { type: "activity", id: meeting.activity.id, label: meeting.activity.title }, networkId: meeting.network.id, regionCode: meeting.network.regionCode, actor, details: { formato: "docx" } });
  return new Response(new Uint8Array(buffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": `attachment; filename="minuta-${meeting.activity.startsAt.toISOString().slice(0, 10)}.docx"`,
      "Cache-Control": "private, no-store",
    },
  });
}
