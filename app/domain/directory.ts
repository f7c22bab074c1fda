/**
 * The company directory as an admin keeps it: departments, session kinds, service modules and
 * people, the words for them, how the people list is filtered, and why a change is refused.
 * Plain TypeScript: no database, no clock. Reading a staff-directory file is `./staff-import`.
 */

// ---- Words -------------------------------------------------------------------------------------

export const DEPARTMENT_KIND_VALUES = ["customer_facing", "back_office"] as const;
export type DepartmentKindValue = (typeof DEPARTMENT_KIND_VALUES)[number];

export const DEPARTMENT_KIND_LABELS: Record<DepartmentKindValue, string> = {
  customer_facing: "Customer-facing",
  back_office: "Back-office",
};

export const EXTRA_ROLES = ["host", "manager", "admin"] as const;
export type ExtraRole = (typeof EXTRA_ROLES)[number];

export const LIMITS = {
  personName: 120,
  email: 254,
  title: 120,
  departmentName: 80,
  departmentDescription: 500,
  kindName: 80,
  kindDescription: 1000,
  moduleTitle: 120,
  moduleSummary: 500,
  guide: 20_000,
  minPassword: 10,
  maxPassword: 200,
  minMinutes: 5,
  maxMinutes: 1440,
  maxRequiredCount: 50,
  maxValidityDays: 3650,
  /** A staff directory of a large company, with room to spare. */
  importLines: 20_000,
} as const;

const EMAIL_PATTERN = /^[^\s@,;<>"]+@[^\s@,;<>"]+\.[^\s@,;<>"]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmail(email: string): boolean {
  return email.length <= LIMITS.email && EMAIL_PATTERN.test(email);
}

/** Names compare without case or surrounding spaces: "sales" and " Sales" are one department. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * The IANA name of a time zone ("europe/helsinki" → "Europe/Helsinki"), or null when it is not
 * one. Offsets such as "+02:00" are refused: a zone name follows daylight saving, an offset doesn't.
 */
export function canonicalTimeZone(input: string): string | null {
  const zone = input.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return null;
  const known = zoneNames.get(zone);
  if (known !== undefined) return known;
  let canonical: string | null;
  try {
    canonical = new Intl.DateTimeFormat("en", {
      timeZone: zone,
    }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  // A handful of names at most; remembering them keeps a 10,000-line import fast.
  if (zoneNames.size < 1000) zoneNames.set(zone, canonical);
  return canonical;
}
const zoneNames = new Map<string, string | null>();

/** The zones a person can pick, UTC first, with their current zone kept even if the list lacks it. */
export function timeZoneChoices(current?: string): string[] {
  const zones = new Set(["UTC", ...Intl.supportedValuesOf("timeZone")]);
  if (current) zones.add(current);
  return ["UTC", ...[...zones].filter((z) => z !== "UTC").sort()];
}

export function rolesFromFlags(flags: { isHost: boolean; isManager: boolean; isAdmin: boolean }): ExtraRole[] {
  const roles: ExtraRole[] = [];
  if (flags.isHost) roles.push("host");
  if (flags.isManager) roles.push("manager");
  if (flags.isAdmin) roles.push("admin");
  return roles;
}

/** A person's roles as the audit log says them: "employee", or "employee, host, manager". */
export function rolesWords(flags: { isHost: boolean; isManager: boolean; isAdmin: boolean }): string {
  const roles = rolesFromFlags(flags);
  return roles.length === 0 ? "employee" : `employee, ${roles.join(", ")}`;
}

// ---- Finding people ---------------------------------------------------------------------------

export const PEOPLE_ROLE_FILTERS = ["host", "manager", "admin", "employee_only"] as const;
export type PeopleRoleFilter = (typeof PEOPLE_ROLE_FILTERS)[number];
export const PEOPLE_STATUS_FILTERS = ["active", "inactive", "all"] as const;
export type PeopleStatusFilter = (typeof PEOPLE_STATUS_FILTERS)[number];

export interface PeopleSearch {
  /** Part of a name or email. */
  q: string;
  departmentId: number | null;
  /** Direct reports of this person. */
  managerId: number | null;
  role: PeopleRoleFilter | null;
  status: PeopleStatusFilter;
  page: number;
}

/** Reads the directory's filters from the page's query string; anything unreadable is left out. */
export function peopleSearchFrom(params: URLSearchParams): PeopleSearch {
  const id = (key: string) => {
    const n = Number(params.get(key));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  const role = params.get("role") ?? "";
  const status = params.get("status") ?? "";
  return {
    q: (params.get("q") ?? "").trim().slice(0, 200),
    departmentId: id("department"),
    managerId: id("manager"),
    role: (PEOPLE_ROLE_FILTERS as readonly string[]).includes(role) ? (role as PeopleRoleFilter) : null,
    status: (PEOPLE_STATUS_FILTERS as readonly string[]).includes(status) ? (status as PeopleStatusFilter) : "active",
    page: id("page") ?? 1,
  };
}

// ---- Refusals ----------------------------------------------------------------------------------

/** Why the directory refused a change. */
export type DirectoryRefusal =
  | { code: "department_name_taken"; name: string }
  | { code: "kind_name_taken"; name: string }
  | { code: "module_title_taken"; title: string }
  | { code: "email_taken"; email: string; holder: string }
  | { code: "department_unknown" }
  | { code: "kind_unknown" }
  | { code: "manager_unknown"; email: string }
  | { code: "manager_inactive"; name: string }
  | { code: "manager_self" }
  | { code: "manager_cycle"; person: string; manager: string; chain: string[] }
  | { code: "own_admin_role" }
  | { code: "own_account_off" }
  | { code: "rule_would_void"; holders: number }
  | { code: "not_found" };

/** The form field a refusal's sentence belongs beside, or null when it is about the whole form. */
export function refusalField(refusal: DirectoryRefusal): string | null {
  switch (refusal.code) {
    case "department_name_taken":
    case "kind_name_taken":
      return "name";
    case "module_title_taken":
      return "title";
    case "email_taken":
      return "email";
    case "department_unknown":
      return "departmentId";
    case "kind_unknown":
      return "ruleKindId";
    case "manager_unknown":
    case "manager_inactive":
    case "manager_self":
    case "manager_cycle":
      return "managerEmail";
    case "own_admin_role":
      return "admin";
    case "own_account_off":
      return "active";
    case "rule_would_void":
      return "ruleKindId";
    case "not_found":
      return null;
  }
}

export function refusalMessage(refusal: DirectoryRefusal): string {
  switch (refusal.code) {
    case "department_name_taken":
      return `There is already a department called "${refusal.name}". Pick another name.`;
    case "kind_name_taken":
      return `There is already a session kind called "${refusal.name}". Pick another name.`;
    case "module_title_taken":
      return `There is already a module called "${refusal.title}". Pick another title.`;
    case "email_taken":
      return `${refusal.email} already belongs to ${refusal.holder}. Each person needs their own email.`;
    case "department_unknown":
      return "That department doesn't exist any more. Choose another.";
    case "kind_unknown":
      return "That session kind doesn't exist any more. Choose another.";
    case "manager_unknown":
      return `No one with the email ${refusal.email} is in the directory. Check the spelling, or add them first.`;
    case "manager_inactive":
      return `${refusal.name} is switched off, so they can't manage anyone.`;
    case "manager_self":
      return "A person can't be their own manager.";
    case "manager_cycle":
      return `${refusal.manager} can't be ${refusal.person}'s manager: ${refusal.manager} already reports to ${refusal.person} (${refusal.chain.join(" → ")}).`;
    case "own_admin_role":
      return "You can't take the admin role away from yourself. Ask another admin to do it.";
    case "own_account_off":
      return "You can't switch yourself off. Ask another admin to do it.";
    case "rule_would_void":
      return `${refusal.holders === 1 ? "One person holds" : `${refusal.holders} people hold`} this module on sessions the new rule wouldn't count. To ask more of people from now on, add a new module and switch this one off.`;
    case "not_found":
      return "That record doesn't exist.";
  }
}

// ---- Reporting lines ---------------------------------------------------------------------------

/**
 * The reporting line above a would-be manager, nearest first, up to (and including) `personId` if
 * it is there. A line that reaches the person would make them manage themselves, round a circle.
 */
export function cycleThrough(personId: number, lineAbove: readonly { id: number; name: string }[]): string[] | null {
  const at = lineAbove.findIndex((p) => p.id === personId);
  return at === -1 ? null : lineAbove.slice(0, at + 1).map((p) => p.name);
}

/** Every circle in a "who manages whom" map (each key's manager is its value), each once. */
export function managerCycles<K>(managerOf: ReadonlyMap<K, K | null>): K[][] {
  const state = new Map<K, "walking" | "done">();
  const cycles: K[][] = [];
  for (const start of managerOf.keys()) {
    if (state.has(start)) continue;
    const path: K[] = [];
    let current: K | null | undefined = start;
    while (current !== null && current !== undefined && !state.has(current)) {
      state.set(current, "walking");
      path.push(current);
      current = managerOf.get(current);
    }
    if (current !== null && current !== undefined && state.get(current) === "walking") {
      cycles.push(path.slice(path.indexOf(current)));
    }
    for (const key of path) state.set(key, "done");
  }
  return cycles;
}

/** A refusal as a refused form shows it: the sentence beside its field, or above the form. */
export function refusalReply(
  refusal: DirectoryRefusal,
): { formErrors: string[] } | { fieldErrors: Record<string, string[]> } {
  const field = refusalField(refusal);
  const message = refusalMessage(refusal);
  return field === null ? { formErrors: [message] } : { fieldErrors: { [field]: [message] } };
}
