/**
 * Reading the audit log: the filters an admin can set, the day range in the admin's own zone, and
 * where each entry's record can be opened. Plain TypeScript.
 */
import { endOfDay, isDay, startOfDay, type Day } from "./time";

export const AUDIT_ENTITY_TYPES = [
  "booking",
  "session",
  "series",
  "assignment",
  "completion",
  "person",
  "department",
  "kind",
  "module",
  "feed",
  "company",
  "mail",
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export const AUDIT_ENTITY_LABELS: Record<AuditEntityType, string> = {
  booking: "Booking",
  session: "Session",
  series: "Session series",
  assignment: "Assignment",
  completion: "Completion",
  person: "Person",
  department: "Department",
  kind: "Session kind",
  module: "Module",
  feed: "Calendar feed",
  company: "Company",
  mail: "Message",
};

export function isAuditEntityType(value: string): value is AuditEntityType {
  return (AUDIT_ENTITY_TYPES as readonly string[]).includes(value);
}

export interface AuditFilters {
  entityType: AuditEntityType | null;
  action: string | null;
  /** Part of the actor's name or email. */
  actor: string | null;
  entityId: number | null;
  /** Days in the viewer's zone, both included. */
  from: Day | null;
  to: Day | null;
  page: number;
}

export interface AuditQuery extends Omit<AuditFilters, "from" | "to"> {
  /** Instants: from `fromAt` (included) up to `toAt` (excluded). */
  fromAt: number | null;
  toAt: number | null;
}

/** Reads the filters from the page's query string; anything unreadable is left out, not an error. */
export function auditFiltersFrom(params: URLSearchParams): AuditFilters {
  const get = (key: string) => params.get(key)?.trim() || null;
  const type = get("type");
  const id = get("entityId");
  const page = Number(get("page") ?? "1");
  const day = (key: string) => {
    const value = get(key);
    return value && isDay(value) ? value : null;
  };
  return {
    entityType: type && isAuditEntityType(type) ? type : null,
    action: get("action"),
    actor: get("actor"),
    entityId: id && /^\d{1,12}$/.test(id) ? Number(id) : null,
    from: day("from"),
    to: day("to"),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The filters as a query on instants: the days run from midnight to midnight in `timeZone`. */
export function auditQueryOf(filters: AuditFilters, timeZone: string): AuditQuery {
  const { from, to, ...rest } = filters;
  return {
    ...rest,
    fromAt: from ? startOfDay(from, timeZone) : null,
    toAt: to ? endOfDay(to, timeZone) : null,
  };
}

/** The page where an entry's record can be seen, where there is one. */
export function auditEntityPath(entityType: string, entityId: number | null): string | null {
  if (entityId === null) return null;
  switch (entityType) {
    case "person":
      return `/admin/people/${entityId}`;
    case "kind":
      return `/admin/kinds/${entityId}`;
    case "module":
      return `/admin/modules/${entityId}`;
    case "department":
      return `/admin/departments?edit=${entityId}`;
    case "session":
      return `/sessions/${entityId}`;
    case "mail":
      return `/admin/outbox/${entityId}`;
    default:
      return null;
  }
}

/** "person.updated" → "Person updated", for people who don't read dotted verbs. */
export function actionLabel(action: string): string {
  const [entity, ...verb] = action.split(".");
  const words = [entity, ...verb].join(" ").replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
