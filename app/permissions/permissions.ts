import { getLogger } from "~/utils/logger.server";
import type { MaybeActor } from "./actor.ts";
import { accountRule, networkRule, organizationRule, type CoreResource } from "./rules/core.ts";
import { activityRules, type ActivityResource } from "./rules/activities.ts";
import { auditRules, type AuditLogResource } from "./rules/audit.ts";
import { goalRules, type GoalResource } from "./rules/goals.ts";
import { practiceRules, type PracticeResource } from "./rules/practices.ts";
import { proposalRules, type ProposalResource } from "./rules/proposals.ts";

/*
 * The one place that decides who may do what. Deny by default: a resource
 * type or action without a rule is refused. Loaders, actions, the collab
 * server and the UI (to hide controls) all ask `can()`.
 * Each feature declares its resource types and rules in rules/<feature>.ts.
 */
export type Resource = CoreResource | PracticeResource | ProposalResource | ActivityResource | GoalResource | AuditLogResource;

type RuleFor<T extends Resource["type"]> = (actor: MaybeActor, action: string, resource: Extract<Resource, { type: T }>) => boolean;
type RuleTable = { [T in Resource["type"]]: RuleFor<T> };

const rules: RuleTable = {
  organization: organizationRule,
  account: accountRule,
  network: networkRule,
  ...practiceRules,
  ...proposalRules,
  ...activityRules,
  ...goalRules,
  ...auditRules,
} as RuleTable;

export function can(actor: MaybeActor, action: string, resource: Resource): boolean {
  const rule = (rules as Record<string, RuleFor<Resource["type"]> | undefined>)[resource?.type];
  if (!rule) return false;
  try {
    return rule(actor, action, resource as never) === true;
  } catch (error) {
    // Still denied, but a broken rule is a bug: logged at error level, never a silent "no".
    getLogger().error(
      { err: error, action, resourceType: resource.type, actorId: actor?.userId ?? null, role: actor?.role ?? null },
      `[permisos] la regla de «${resource.type}» falló al decidir «${action}»; se niega el acceso`,
    );
    return false;
  }
}
