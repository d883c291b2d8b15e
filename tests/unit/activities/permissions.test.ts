import { describe, expect, it } from "vitest";
import { can } from "~/permissions/permissions";
import type { ActivityItemResource } from "~/permissions/rules/activities";
import { matrixActors, type MatrixActorName } from "../../factories/actors";

const actors = matrixActors();
const meetingOfA: ActivityItemResource = { type: "activity", networkId: "net-a", regionCode: "16", hostOrganizationIds: ["org-omil-a"], isPublicFair: false };
const fairOfA: ActivityItemResource = { ...meetingOfA, isPublicFair: true };
const closedMeetingOfA: ActivityItemResource = { ...meetingOfA, minutesClosed: true };
const hostedByB: ActivityItemResource = { ...meetingOfA, hostOrganizationIds: ["org-omil-b"] };
const calendarA = { type: "calendar" as const, networkId: "net-a", regionCode: "16" };
const agreementOfB = { type: "agreement" as const, networkId: "net-a", regionCode: "16", ownerOrganizationId: "org-omil-b" };

type Row = [string, Parameters<typeof can>[2], string, Partial<Record<MatrixActorName, boolean>>];
const rows: Row[] = [
  ["private meeting of network A", meetingOfA, "read", { anonymous: false, ncAdmin: true, drNuble: true, drBiobio: false, coordinatorLead: true, memberStaff: true, otherNetworkLead: false }],
  ["public fair of network A", fairOfA, "read", { anonymous: true, ncAdmin: true, drNuble: true, drBiobio: true, coordinatorLead: true, memberStaff: true, otherNetworkLead: true }],
  ["updating a fair (public does not mean editable)", fairOfA, "update", { anonymous: false, drBiobio: false, otherNetworkLead: false, memberStaff: false, coordinatorLead: true, drNuble: true, ncAdmin: true }],
  ["updating an activity hosted by B", hostedByB, "update", { memberStaff: true, coordinatorLead: true, otherNetworkLead: false, drBiobio: false }],
  ["recording results", meetingOfA, "record_results", { memberStaff: false, coordinatorLead: true, drNuble: true, anonymous: false }],
  ["planning a meeting's agenda (add, edit, move, remove items)", meetingOfA, "manage_agenda", { anonymous: false, ncAdmin: true, drNuble: true, drBiobio: false, coordinatorLead: true, memberStaff: true, otherNetworkLead: false }],
  ["deleting an activity hosted by A", meetingOfA, "delete", { anonymous: false, ncAdmin: true, drNuble: true, drBiobio: false, coordinatorLead: true, memberStaff: false, otherNetworkLead: false }],
  ["deleting an activity hosted by B (the host office)", hostedByB, "delete", { anonymous: false, ncAdmin: true, drNuble: true, drBiobio: false, coordinatorLead: true, memberStaff: true, otherNetworkLead: false }],
  ["deleting a public fair (public does not mean deletable)", fairOfA, "delete", { anonymous: false, drBiobio: false, otherNetworkLead: false, memberStaff: false, coordinatorLead: true }],
  ["writing live minutes", meetingOfA, "edit_minutes", { memberStaff: true, coordinatorLead: true, otherNetworkLead: false, drBiobio: false, anonymous: false }],
  ["writing live minutes of a closed meeting", closedMeetingOfA, "edit_minutes", { memberStaff: false, coordinatorLead: false, drNuble: false, ncAdmin: false, otherNetworkLead: false, anonymous: false }],
  ["agenda and attendance of a closed meeting", closedMeetingOfA, "manage_agenda", { memberStaff: false, coordinatorLead: false, drNuble: false, ncAdmin: false, otherNetworkLead: false, anonymous: false }],
  ["reading a closed meeting", closedMeetingOfA, "read", { memberStaff: true, coordinatorLead: true, drNuble: true, otherNetworkLead: false, anonymous: false }],
  ["editing a meeting whose minutes are closed", closedMeetingOfA, "update", { memberStaff: false, coordinatorLead: false, drNuble: false, ncAdmin: false, otherNetworkLead: false, anonymous: false }],
  ["tasks of a meeting whose minutes are closed (follow-up goes on)", closedMeetingOfA, "manage_tasks", { coordinatorLead: true, drNuble: true, memberStaff: false, otherNetworkLead: false }],
  ["closing a meeting's minutes («Cerrar acta»)", meetingOfA, "close_minutes", { anonymous: false, ncAdmin: true, drNuble: true, drBiobio: false, coordinatorLead: true, memberStaff: false, otherNetworkLead: false }],
  ["reopening closed minutes («Reabrir acta»)", closedMeetingOfA, "reopen_minutes", { anonymous: false, ncAdmin: true, drNuble: true, drBiobio: false, coordinatorLead: true, memberStaff: false, otherNetworkLead: false }],
  ["reopening as a host office that does not coordinate", { ...closedMeetingOfA, hostOrganizationIds: ["org-omil-b"] }, "reopen_minutes", { memberStaff: false, coordinatorLead: true }],
  ["sending minutes", meetingOfA, "send_minutes", { memberStaff: false, coordinatorLead: true, drNuble: true, otherNetworkLead: false }],
  ["network A's calendar", calendarA, "read", { anonymous: false, ncAdmin: true, drNuble: true, drBiobio: false, coordinatorLead: true, memberStaff: true, otherNetworkLead: false }],
  ["creating activities in network A", calendarA, "create_activity", { memberStaff: true, drNuble: true, drBiobio: false, otherNetworkLead: false, anonymous: false }],
  ["the meeting schedule", calendarA, "manage_schedule", { coordinatorLead: true, memberStaff: false, drNuble: true, otherNetworkLead: false }],
  ["a DR itinerary in region 16", { type: "calendar", networkId: null, regionCode: "16" }, "plan_itinerary", { drNuble: true, drBiobio: false, coordinatorLead: false, ncAdmin: true }],
  ["reading an agreement", agreementOfB, "read", { memberStaff: true, otherNetworkLead: false, drBiobio: false, anonymous: false, drNuble: true }],
  ["updating B's agreement", agreementOfB, "update", { memberStaff: true, coordinatorLead: true, otherNetworkLead: false, drNuble: true, drBiobio: false }],
  ["updating A's agreement as B", { ...agreementOfB, ownerOrganizationId: "org-omil-a" }, "update", { memberStaff: false, coordinatorLead: true }],
];

describe("activities permission matrix", () => {
  for (const [label, resource, action, expected] of rows) {
    it(`${label}: ${action}`, () => {
      for (const [name, allowed] of Object.entries(expected)) {
        expect({ name, allowed: can(actors[name as MatrixActorName], action, resource) }).toEqual({ name, allowed });
      }
    });
  }

  it("refuses unknown actions for everybody", () => {
    for (const actor of Object.values(actors)) expect(can(actor, "delete_everything", meetingOfA)).toBe(false);
  });
});
