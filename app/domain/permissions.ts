/**
 * Who may do what, in one table. Routes ask `requirePermission` (app/permissions.server.ts) at
 * their edge; pages ask `can` to decide which buttons to show; the access test reads this table
 * and checks every route against it.
 *
 * A rule sees the viewer and, where it matters, the facts about the thing acted on that a model
 * looked up (whose session it is, whether the person is one of the viewer's reports).
 */
import { hasRole, type Viewer } from "./access";

export type Actor = Pick<Viewer, "id" | "roles">;

/** The facts a rule may need about what is acted on. */
export interface Resource {
  /** The session's host. */
  hostId?: number;
  /** The person acted on (a report, a booking's shadow). */
  personId?: number;
  /** Whether the viewer manages that person, directly or through others. */
  managesPerson?: boolean;
  /** For a booking: whether the viewer is its shadow. */
  isOwnBooking?: boolean;
  /** For a manual sign-off: who signed it off. */
  signedOffById?: number | null;
}

interface Permission {
  /** Who, in the words of the README's table of roles. */
  who: string;
  /** What a person who may not is told, in plain words. */
  refusal: string;
  may: (viewer: Actor, resource: Resource) => boolean;
}

const isAdmin = (v: Actor) => hasRole(v, "admin");
const isManagerOrAdmin = (v: Actor) => hasRole(v, "manager") || isAdmin(v);

export const PERMISSIONS = {
  "sessions:find": {
    who: "everyone",
    refusal: "",
    may: () => true,
  },
  "progress:own": {
    who: "everyone, for themselves",
    refusal: "",
    may: () => true,
  },
  "calendar:own-feeds": {
    who: "everyone, for themselves",
    refusal: "",
    may: () => true,
  },
  "mail:own-preferences": {
    who: "everyone, for themselves",
    refusal: "",
    may: () => true,
  },
  "account:own-sign-ins": {
    who: "everyone, for themselves",
    refusal: "",
    may: () => true,
  },
  "hosting:publish": {
    who: "hosts",
    refusal: "Publishing sessions is for hosts. If you run customer-facing work, ask an admin to make you a host.",
    may: (v) => hasRole(v, "host"),
  },
  "hosting:manage-session": {
    who: "the session's host, or an admin",
    refusal: "This session belongs to another host. Only its host or an admin can manage it.",
    may: (v, r) => isAdmin(v) || (hasRole(v, "host") && r.hostId === v.id),
  },
  "team:view": {
    who: "managers (their reports) and admins (everyone)",
    refusal: "The team pages are for managers. If you lead people, ask an admin to make you a manager.",
    may: isManagerOrAdmin,
  },
  "team:manage-person": {
    who: "the person's managers up the line, or an admin",
    refusal: "This person isn't one of your reports, so you can't see or change their training.",
    may: (v, r) => isAdmin(v) || (hasRole(v, "manager") && r.personId !== v.id && r.managesPerson === true),
  },
  "team:assign": {
    who: "managers (to their reports) and admins",
    refusal: "Assigning modules is for managers. If you lead people, ask an admin to make you a manager.",
    may: isManagerOrAdmin,
  },
  "team:book-others": {
    who: "managers (their reports) and admins",
    refusal: "Booking other people onto sessions is for their managers and admins.",
    may: isManagerOrAdmin,
  },
  "planner:run": {
    who: "managers (their team) and admins (the company)",
    refusal: "The planner is for managers and admins.",
    may: isManagerOrAdmin,
  },
  "booking:invite": {
    who: "the booking's shadow, their managers, the session's host, or an admin",
    refusal: "This booking isn't yours to see.",
    may: (v, r) => r.isOwnBooking === true || r.hostId === v.id || r.managesPerson === true || isAdmin(v),
  },
  "sign-off:undo": {
    who: "an admin, or the manager who signed it off while the person still reports to them",
    refusal: "Only an admin, or the manager who signed this module off, can undo the sign-off.",
    may: (v, r) =>
      isAdmin(v) ||
      (hasRole(v, "manager") && r.signedOffById === v.id && r.personId !== v.id && r.managesPerson === true),
  },
  "admin:company": {
    who: "admins",
    refusal: "The admin pages are for admins. If you need to change people, departments or modules, ask an admin.",
    may: isAdmin,
  },
} satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

export function can(viewer: Actor, action: Action, resource: Resource = {}): boolean {
  return PERMISSIONS[action].may(viewer, resource);
}

export function refusalFor(action: Action): string {
  return PERMISSIONS[action].refusal;
}
