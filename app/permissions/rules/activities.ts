import { isNetworkCoordinator, isNetworkMember, oversees, type MaybeActor } from "../actor.ts";

/*
 * Network life. Members of a network plan its activities and meetings; the
 * region's Dirección Regional and Nivel Central see and manage all of them;
 * anonymous visitors only see programmed public job fairs.
 */

/** An activity (fair, meeting, briefing...) of one network. */
export type ActivityItemResource = {
  type: "activity";
  networkId: string;
  regionCode: string;
  /** Host and co-host offices. */
  hostOrganizationIds: readonly string[];
  /** A programmed or done job fair: listed on the public /ferias page. */
  isPublicFair: boolean;
  /** A held meeting whose minutes the coordination closed: minutes, agenda and attendance are read-only. */
  minutesClosed?: boolean;
};

/** A network's or a region's calendar, and creating activities in a network. */
export type CalendarResource = { type: "calendar"; regionCode: string; networkId: string | null };

/** An agreement taken in a meeting, owned by an office or a person. */
export type AgreementResource = { type: "agreement"; networkId: string; regionCode: string; ownerOrganizationId: string | null };

/** Every resource type of this feature (the name permissions.ts imports). */
export type ActivityResource = ActivityItemResource | CalendarResource | AgreementResource;

const isHost = (actor: MaybeActor, r: ActivityItemResource) => !!actor && r.hostOrganizationIds.includes(actor.organizationId);
/** The region's DR / Nivel Central, the network's coordination, or a host office. */
const organizes = (actor: MaybeActor, r: ActivityItemResource) =>
  oversees(actor, r.regionCode) || isNetworkCoordinator(actor, r.networkId) || (isNetworkMember(actor, r.networkId) && isHost(actor, r));

export function activityRule(actor: MaybeActor, action: string, r: ActivityItemResource): boolean {
  const insider = oversees(actor, r.regionCode) || isNetworkMember(actor, r.networkId);
  switch (action) {
    case "read":
      return r.isPublicFair || insider;
    // Deleting follows editing; whether the activity may still be deleted (future, no results) is the feature's rule.
    // A meeting whose minutes are closed keeps its details (date, place, hosts) as recorded.
    case "update":
      return !r.minutesClosed && organizes(actor, r);
    case "delete":
    case "record_results":
    case "manage_tasks":
      return organizes(actor, r);
    // Every member office takes part in the meeting: agenda, attendance, minutes — until they are closed.
    case "edit_minutes":
    case "manage_agenda":
      return !r.minutesClosed && (isNetworkMember(actor, r.networkId) || oversees(actor, r.regionCode));
    // The coordination (or the region's DR / Nivel Central) closes the minutes and reopens them explicitly.
    case "close_minutes":
    case "reopen_minutes":
      return oversees(actor, r.regionCode) || isNetworkCoordinator(actor, r.networkId);
    case "send_minutes":
      return oversees(actor, r.regionCode) || isNetworkCoordinator(actor, r.networkId) || (isNetworkMember(actor, r.networkId) && isHost(actor, r));
    default:
      return false;
  }
}

export function calendarRule(actor: MaybeActor, action: string, r: CalendarResource): boolean {
  if (!actor) return false;
  const inNetwork = r.networkId !== null && isNetworkMember(actor, r.networkId);
  switch (action) {
    case "read":
      return oversees(actor, r.regionCode) || inNetwork;
    case "create_activity":
      return r.networkId !== null && (oversees(actor, r.regionCode) || inNetwork);
    case "manage_schedule":
      return r.networkId !== null && (oversees(actor, r.regionCode) || isNetworkCoordinator(actor, r.networkId));
    case "plan_itinerary":
      return oversees(actor, r.regionCode);
    default:
      return false;
  }
}

export function agreementRule(actor: MaybeActor, action: string, r: AgreementResource): boolean {
  if (!actor) return false;
  switch (action) {
    case "read":
      return oversees(actor, r.regionCode) || isNetworkMember(actor, r.networkId);
    case "create":
      return oversees(actor, r.regionCode) || isNetworkMember(actor, r.networkId);
    // The owner office reports progress; the coordinator and the DR follow up and close.
    case "update":
      return (
        oversees(actor, r.regionCode) ||
        isNetworkCoordinator(actor, r.networkId) ||
        (isNetworkMember(actor, r.networkId) && r.ownerOrganizationId === actor.organizationId)
      );
    default:
      return false;
  }
}

export const activityRules = {
  activity: activityRule,
  calendar: calendarRule,
  agreement: agreementRule,
} as const;
