import { preferredColour } from "~/collab/presence-colours";
import type { Database } from "~/db/client.server";
import type { Actor } from "~/permissions/actor";
import { can } from "~/permissions/permissions";
import { formatDocumentName } from "~/collab/document-name";
import { todayInChile } from "~/utils/dates";
import { listNetworkOffices, type ReadableActivity } from "./activities.server.ts";
import { agendaBudget, agreementsOf, carriedAgreements, listAgenda, listAttendance, loadMinutes } from "./meetings.server.ts";
import type { MinutesPackage } from "./minutes-export.server.ts";
import { listMinutesEvents } from "./minutes-closure.server.ts";


/** Everything the meeting page, the print view and the exports need. */
export async function meetingPageData(db: Database, actor: Actor, meeting: ReadableActivity) {
  const { activity, network, resource } = meeting;
  const [agenda, offices, attendance, agreements, carried, minutes, closureEvents] = await Promise.all([
    listAgenda(db, activity.id),
    listNetworkOffices(db, network.id),
    listAttendance(db, activity.id),
    agreementsOf(db, activity.id),
    carriedAgreements(db, activity),
    loadMinutes(db, activity.id),
    listMinutesEvents(db, activity.id),
  ]);
  const agreementResource = (ownerOrganizationId: string | null) => ({ type: "agreement" as const, networkId: network.id, regionCode: network.regionCode, ownerOrganizationId });
  return {
    agenda,
    budget: agendaBudget(agenda, activity),
    offices,
    attendance,
    agreements: agreements.map((a) => ({ ...a, canUpdate: can(actor, "update", agreementResource(a.ownerOrganizationId)) })),
    carried: carried.map((a) => ({ ...a, canUpdate: can(actor, "update", agreementResource(a.ownerOrganizationId)) })),
    minutes: { html: minutes?.html ?? "", sentAt: minutes?.sentAt ?? null },
    collab: {
      documentName: formatDocumentName({ kind: "meeting", id: activity.id }),
      user: { key: actor.userId, name: `${actor.name} (${actor.organizationName})`, color: preferredColour(actor.userId) },
      readOnly: !(can(actor, "edit_minutes", resource) && actor.role !== "dr_staff" && actor.role !== "nc_admin"),
    },
    can: {
      agenda: can(actor, "manage_agenda", resource),
      attendance: can(actor, "manage_agenda", resource),
      agreements: can(actor, "create", agreementResource(null)),
      send: can(actor, "send_minutes", resource),
      // Closing is offered for a held meeting with open minutes; reopening for closed ones.
      close: activity.status === "realizada" && !activity.minutesClosedAt && can(actor, "close_minutes", resource),
      reopen: !!activity.minutesClosedAt && can(actor, "reopen_minutes", resource),
    },
    closure: { closedAt: activity.minutesClosedAt, events: closureEvents },
    today: todayInChile(),
  };
}

export function minutesPackage(meeting: ReadableActivity, data: Awaited<ReturnType<typeof meetingPageData>>): MinutesPackage {
  return {
    meeting,
    agenda: data.agenda,
    attendance: data.offices.map((o) => ({ name: o.name, status: data.attendance[o.id] ?? null })),
    agreements: data.agreements,
    carried: data.carried,
    today: data.today,
  };
}
