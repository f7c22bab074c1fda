/**
 * The company directory as an admin keeps it: departments, session kinds, service modules and
 * people, what a valid one of each looks like, and the staff-directory import (a CSV file read,
 * checked line by line and planned before anything is written). Plain TypeScript: no database,
 * no clock.
 *
 * Import decisions:
 * - The file is the directory for the people it lists: each column present replaces that value
 *   (a blank title clears the title, a blank manager_email means no manager, blank roles leave
 *   only "employee"). A column left out of the header leaves that value alone. A blank time zone
 *   keeps the person's zone (UTC for someone new).
 * - Existing emails are updated, new ones created; people missing from the file are left as they
 *   are (switching someone off is done on their page, one person at a time), and nobody is switched
 *   on or off by an import.
 * - Managers may be anyone already in the directory or anyone else in the file, earlier or later.
 * - Nothing is written while any line has a problem; each problem is a sentence on its line.
 */
import { z } from "zod";

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

// ---- Forms -------------------------------------------------------------------------------------

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong);
const required = (max: number, missing: string, tooLong: string) => text(max, tooLong).min(1, missing);
const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");
const wholeNumber = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, message)
    .transform((v) => Number(v));
const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null));

export const DepartmentForm = z.object({
  name: required(
    LIMITS.departmentName,
    "Give the department a name.",
    `Keep the name to ${LIMITS.departmentName} characters.`,
  ),
  kind: z.enum(DEPARTMENT_KIND_VALUES, "Choose whether the department faces customers or works in the back office."),
  description: text(LIMITS.departmentDescription, `Keep the description to ${LIMITS.departmentDescription} characters.`)
    .optional()
    .default(""),
});
export type DepartmentInput = z.infer<typeof DepartmentForm>;

export const KindForm = z.object({
  name: required(LIMITS.kindName, "Give the session kind a name.", `Keep the name to ${LIMITS.kindName} characters.`),
  description: text(LIMITS.kindDescription, `Keep the description to ${LIMITS.kindDescription} characters.`)
    .optional()
    .default(""),
  defaultMinutes: wholeNumber("Give the usual length in whole minutes, for example 60.").pipe(
    z
      .number()
      .min(LIMITS.minMinutes, `A session lasts at least ${LIMITS.minMinutes} minutes.`)
      .max(LIMITS.maxMinutes, "A session lasts at most a day (1440 minutes)."),
  ),
  onSite: z
    .enum(["on_site", "remote"], "Say whether shadows go on site or join remotely.")
    .transform((v) => v === "on_site"),
  active: checkbox,
});
export type KindInput = z.infer<typeof KindForm>;

export const ModuleForm = z.object({
  title: required(
    LIMITS.moduleTitle,
    "Give the module a title.",
    `Keep the title to ${LIMITS.moduleTitle} characters.`,
  ),
  summary: text(LIMITS.moduleSummary, `Keep the summary to ${LIMITS.moduleSummary} characters.`).optional().default(""),
  guide: z
    .string()
    .max(LIMITS.guide, `Keep the guide to ${LIMITS.guide.toLocaleString("en")} characters.`)
    .optional()
    .default("")
    .transform((v) => v.replace(/\r\n?/g, "\n").trim()),
  ruleKindId: optionalId,
  requiredCount: wholeNumber("Say how many attended sessions it takes, for example 2.").pipe(
    z
      .number()
      .min(1, "It takes at least one attended session.")
      .max(LIMITS.maxRequiredCount, `Ask for at most ${LIMITS.maxRequiredCount} sessions.`),
  ),
  reflectionRequired: checkbox,
  validityDays: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine(
      (v) => v === "" || /^\d+$/.test(v),
      "Give the validity in whole days, or leave it empty if it never expires.",
    )
    .transform((v) => (v === "" ? null : Number(v)))
    .refine((v) => v === null || (v >= 1 && v <= LIMITS.maxValidityDays), {
      message: `Validity is between 1 and ${LIMITS.maxValidityDays} days, or empty if it never expires.`,
    }),
  core: checkbox,
  active: checkbox,
});
export type ModuleInput = z.infer<typeof ModuleForm>;

export const PersonForm = z.object({
  name: required(LIMITS.personName, "Enter the person's name.", `Keep the name to ${LIMITS.personName} characters.`),
  email: z
    .string()
    .trim()
    .min(1, "Enter their work email.")
    .transform(normaliseEmail)
    .refine(isEmail, "That doesn't look like an email address."),
  title: text(LIMITS.title, `Keep the job title to ${LIMITS.title} characters.`).optional().default(""),
  departmentId: z
    .string()
    .regex(/^\d+$/, "Choose a department.")
    .transform((v) => Number(v)),
  managerEmail: z
    .string()
    .trim()
    .optional()
    .default("")
    .transform(normaliseEmail)
    .refine((v) => v === "" || isEmail(v), "Give the manager's work email, or leave it empty."),
  timeZone: z
    .string()
    .optional()
    .default("")
    .transform((v) => canonicalTimeZone(v) ?? "")
    .refine((v) => v !== "", "Choose a time zone."),
  host: checkbox,
  manager: checkbox,
  admin: checkbox,
  active: checkbox,
  password: z
    .string()
    .optional()
    .default("")
    .refine(
      (v) => v === "" || v.length >= LIMITS.minPassword,
      `A password has at least ${LIMITS.minPassword} characters.`,
    )
    .refine((v) => v.length <= LIMITS.maxPassword, `Keep the password to ${LIMITS.maxPassword} characters.`),
});
export type PersonInput = z.infer<typeof PersonForm>;

// ---- Refusals ----------------------------------------------------------------------------------

/** Why the directory refused a change; `field` is where the sentence belongs on the form. */
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

export function refusalField(refusal: DirectoryRefusal): string {
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
      return "form";
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

// ---- CSV ---------------------------------------------------------------------------------------

export interface CsvRow {
  /** The line of the file the row starts on (a quoted value may span lines). */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; message: string };

/**
 * RFC 4180 CSV: values separated by `delimiter`, rows by CRLF, LF or CR; a value in double quotes
 * may hold the delimiter, line breaks and doubled quotes (""). A byte-order mark is skipped and
 * blank lines are ignored. Small enough to read in one go, so no library.
 */
export function parseCsv(input: string, delimiter = ","): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;

  const endField = () => {
    fields.push(field);
    field = "";
    quoted = false;
  };
  const endRow = () => {
    endField();
    const blank = fields.length === 1 && fields[0].trim() === "";
    if (!blank) rows.push({ line: rowLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          const after = text[i + 1];
          if (after !== undefined && after !== delimiter && after !== "\n" && after !== "\r") {
            return {
              ok: false,
              line,
              message: `Line ${line} has text after a closing quote. Put the whole value inside the quotes, and write a quote inside a value as two quotes ("").`,
            };
          }
        }
      } else {
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === "" && !quoted) {
      inQuotes = true;
      quoted = true;
      field = "";
    } else if (c === delimiter) {
      endField();
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += c;
    }
  }
  if (inQuotes) {
    return {
      ok: false,
      line: rowLine,
      message: `A quoted value that starts on line ${rowLine} never ends. Add the closing quote.`,
    };
  }
  if (field !== "" || quoted || fields.length > 0) endRow();
  return { ok: true, rows };
}

/** Comma, semicolon (spreadsheets in many European locales) or tab (pasted from a spreadsheet). */
export function detectDelimiter(input: string): string {
  const firstLine = input.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/, 1)[0] ?? "";
  const candidates = [",", ";", "\t"];
  let best = ",";
  let bestCount = 0;
  for (const d of candidates) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

// ---- Staff directory import --------------------------------------------------------------------

export const STAFF_COLUMNS = ["name", "email", "department", "title", "manager_email", "time_zone", "roles"] as const;
export type StaffColumn = (typeof STAFF_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly StaffColumn[] = ["name", "email", "department"];

export const STAFF_HEADER = STAFF_COLUMNS.join(",");

/** A person as the directory holds them now, keyed by email in the snapshot. */
export interface DirectoryPerson {
  id: number;
  email: string;
  name: string;
  title: string;
  departmentId: number;
  managerEmail: string | null;
  timeZone: string;
  isHost: boolean;
  isManager: boolean;
  isAdmin: boolean;
  active: boolean;
}

export interface DirectorySnapshot {
  departments: readonly { id: number; name: string }[];
  people: readonly DirectoryPerson[];
}

/** What one line of the file will make of a person, once every line is free of problems. */
export interface StaffRecord {
  email: string;
  name: string;
  title: string;
  departmentId: number;
  managerEmail: string | null;
  timeZone: string;
  isHost: boolean;
  isManager: boolean;
  isAdmin: boolean;
}

export interface FieldChange {
  field: "name" | "title" | "department" | "manager" | "time zone" | "roles";
  from: string;
  to: string;
}

export interface ImportLine {
  line: number;
  name: string;
  email: string;
  action: "create" | "update" | "unchanged";
  /** The person's id when the email is already in the directory. */
  personId: number | null;
  changes: FieldChange[];
  problems: string[];
  /** Things worth knowing that don't stop the import. */
  notes: string[];
  record: StaffRecord | null;
}

export interface ImportPlan {
  /** Problems with the file as a whole (header, quoting); no lines are read when there are any. */
  fileProblems: string[];
  lines: ImportLine[];
  counts: {
    create: number;
    update: number;
    unchanged: number;
    withProblems: number;
  };
  /** True when the file can be applied as it is. */
  ready: boolean;
}

function headerName(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

function rolesFrom(raw: string): { roles: Set<ExtraRole>; unknown: string[] } {
  const roles = new Set<ExtraRole>();
  const unknown: string[] = [];
  for (const token of raw
    .toLowerCase()
    .split(/[\s,;|+/]+/)
    .filter(Boolean)) {
    if (token === "employee") continue;
    if ((EXTRA_ROLES as readonly string[]).includes(token)) roles.add(token as ExtraRole);
    else unknown.push(token);
  }
  return { roles, unknown };
}

function rolesText(flags: { isHost: boolean; isManager: boolean; isAdmin: boolean }): string {
  const roles = rolesFromFlags(flags);
  return roles.length === 0 ? "employee" : roles.join(", ");
}

function emptyPlan(fileProblems: string[]): ImportPlan {
  return {
    fileProblems,
    lines: [],
    counts: { create: 0, update: 0, unchanged: 0, withProblems: 0 },
    ready: false,
  };
}

/**
 * Reads a staff-directory file against the directory as it is and says, line by line, what would
 * be created or updated and what stops it. `importerId` is the admin running the import, who may
 * not take the admin role away from themselves.
 */
export function planStaffImport(input: string, directory: DirectorySnapshot, importerId: number): ImportPlan {
  if (input.trim() === "") return emptyPlan(["The file is empty. Paste the staff directory, header line first."]);
  const parsed = parseCsv(input, detectDelimiter(input));
  if (!parsed.ok) return emptyPlan([parsed.message]);
  const [header, ...rows] = parsed.rows;
  if (!header) return emptyPlan(["The file is empty. Paste the staff directory, header line first."]);

  const columns = header.fields.map(headerName);
  const fileProblems: string[] = [];
  const unknownColumns = columns.filter((c) => !(STAFF_COLUMNS as readonly string[]).includes(c));
  if (unknownColumns.length > 0) {
    fileProblems.push(
      `The first line should be the header ${STAFF_HEADER}; Frontline doesn't know the column${unknownColumns.length === 1 ? "" : "s"} ${unknownColumns.map((c) => `"${c}"`).join(", ")}.`,
    );
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    fileProblems.push(`The header needs the column${missing.length === 1 ? "" : "s"} ${missing.join(", ")}.`);
  }
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length > 0) fileProblems.push(`The header names ${[...new Set(repeated)].join(", ")} more than once.`);
  if (rows.length === 0) fileProblems.push("The file has a header but no people under it.");
  if (rows.length > LIMITS.importLines) {
    fileProblems.push(
      `The file has ${rows.length.toLocaleString("en")} people; import at most ${LIMITS.importLines.toLocaleString("en")} at a time.`,
    );
  }
  if (fileProblems.length > 0) return emptyPlan(fileProblems);

  const has = (c: StaffColumn) => columns.includes(c);
  const cell = (row: CsvRow, c: StaffColumn) => {
    const at = columns.indexOf(c);
    return at === -1 ? "" : (row.fields[at] ?? "").trim();
  };

  const departmentByName = new Map(directory.departments.map((d) => [d.name.trim().toLowerCase(), d]));
  const departmentName = new Map(directory.departments.map((d) => [d.id, d.name]));
  const personByEmail = new Map(directory.people.map((p) => [p.email, p]));
  const firstLineOf = new Map<string, number>();

  const lines: ImportLine[] = rows.map((row) => {
    const problems: string[] = [];
    const notes: string[] = [];
    const name = cell(row, "name");
    const rawEmail = cell(row, "email");
    const email = normaliseEmail(rawEmail);

    if (row.fields.length !== columns.length) {
      problems.push(
        `This line has ${row.fields.length} value${row.fields.length === 1 ? "" : "s"} but the header has ${columns.length}. Put a value holding a comma in double quotes.`,
      );
      return {
        line: row.line,
        name,
        email,
        action: "create",
        personId: null,
        changes: [],
        problems,
        notes,
        record: null,
      };
    }

    if (name === "") problems.push("The name is missing.");
    else if (name.length > LIMITS.personName) problems.push(`The name is longer than ${LIMITS.personName} characters.`);
    if (rawEmail === "") problems.push("The email is missing.");
    else if (!isEmail(email)) problems.push(`"${rawEmail}" isn't an email address.`);
    else if (firstLineOf.has(email))
      problems.push(`${email} is already on line ${firstLineOf.get(email)} of this file.`);
    else firstLineOf.set(email, row.line);

    const existing = isEmail(email) ? (personByEmail.get(email) ?? null) : null;

    const rawDepartment = cell(row, "department");
    const department = departmentByName.get(rawDepartment.toLowerCase());
    if (rawDepartment === "") problems.push("The department is missing.");
    else if (!department)
      problems.push(
        `There is no department called "${rawDepartment}". Add it under Departments first, or fix the name.`,
      );

    const title = has("title") ? cell(row, "title") : (existing?.title ?? "");
    if (title.length > LIMITS.title) problems.push(`The job title is longer than ${LIMITS.title} characters.`);

    const rawZone = cell(row, "time_zone");
    let timeZone = existing?.timeZone ?? "UTC";
    if (rawZone !== "") {
      const zone = canonicalTimeZone(rawZone);
      if (zone) timeZone = zone;
      else problems.push(`"${rawZone}" isn't a time zone. Use a name such as Europe/Helsinki or America/New_York.`);
    }

    let flags = existing
      ? {
          isHost: existing.isHost,
          isManager: existing.isManager,
          isAdmin: existing.isAdmin,
        }
      : { isHost: false, isManager: false, isAdmin: false };
    if (has("roles")) {
      const { roles, unknown } = rolesFrom(cell(row, "roles"));
      if (unknown.length > 0) {
        problems.push(
          `${unknown.map((u) => `"${u}"`).join(", ")} ${unknown.length === 1 ? "isn't a role" : "aren't roles"}. Use host, manager or admin, separated by spaces (everyone is an employee).`,
        );
      }
      flags = {
        isHost: roles.has("host"),
        isManager: roles.has("manager"),
        isAdmin: roles.has("admin"),
      };
      if (existing?.id === importerId && existing.isAdmin && !flags.isAdmin) {
        problems.push(
          "This line takes the admin role away from you. Keep admin in your roles, or ask another admin to change it.",
        );
      }
    }

    let managerEmail = existing?.managerEmail ?? null;
    if (has("manager_email")) {
      const rawManager = cell(row, "manager_email");
      managerEmail = rawManager === "" ? null : normaliseEmail(rawManager);
      if (managerEmail !== null && !isEmail(managerEmail)) {
        problems.push(`The manager's email "${rawManager}" isn't an email address.`);
        managerEmail = null;
      } else if (managerEmail !== null && managerEmail === email) {
        problems.push("A person can't be their own manager.");
        managerEmail = null;
      }
    }

    if (existing && !existing.active) notes.push("Switched off in Frontline; the import keeps them switched off.");

    const record: StaffRecord | null =
      problems.length === 0 && department
        ? {
            email,
            name,
            title,
            departmentId: department.id,
            managerEmail,
            timeZone,
            ...flags,
          }
        : null;

    const changes: FieldChange[] = [];
    if (existing && record) {
      if (existing.name !== record.name) changes.push({ field: "name", from: existing.name, to: record.name });
      if (existing.title !== record.title)
        changes.push({
          field: "title",
          from: existing.title,
          to: record.title,
        });
      if (existing.departmentId !== record.departmentId) {
        changes.push({
          field: "department",
          from: departmentName.get(existing.departmentId) ?? "",
          to: departmentName.get(record.departmentId) ?? "",
        });
      }
      if (existing.managerEmail !== record.managerEmail) {
        changes.push({
          field: "manager",
          from: existing.managerEmail ?? "none",
          to: record.managerEmail ?? "none",
        });
      }
      if (existing.timeZone !== record.timeZone)
        changes.push({
          field: "time zone",
          from: existing.timeZone,
          to: record.timeZone,
        });
      if (rolesText(existing) !== rolesText(record))
        changes.push({
          field: "roles",
          from: rolesText(existing),
          to: rolesText(record),
        });
    }

    return {
      line: row.line,
      name,
      email,
      action: existing ? (changes.length > 0 ? "update" : "unchanged") : "create",
      personId: existing?.id ?? null,
      changes,
      problems,
      notes,
      record,
    };
  });

  // Managers: anyone in the directory, or anyone in this file, as the file would leave them.
  const inFile = new Map<string, ImportLine>();
  for (const line of lines) if (line.record && !inFile.has(line.email)) inFile.set(line.email, line);
  const managerOf = new Map<string, string | null>();
  for (const p of directory.people) managerOf.set(p.email, p.managerEmail);
  for (const line of lines) if (line.record) managerOf.set(line.email, line.record.managerEmail);
  const emailsInFile = new Set(lines.filter((l) => isEmail(l.email)).map((l) => l.email));

  for (const line of lines) {
    const managerEmail = line.record?.managerEmail;
    if (!line.record || !managerEmail) continue;
    const known = personByEmail.get(managerEmail);
    if (!known && !emailsInFile.has(managerEmail)) {
      line.problems.push(
        `No one with the email ${managerEmail} is in the directory or in this file, so they can't be the manager.`,
      );
    } else if (known && !known.active) {
      line.problems.push(`The manager ${known.name} (${managerEmail}) is switched off, so they can't manage anyone.`);
    }
  }
  for (const cycle of managerCycles(managerOf)) {
    const names = cycle.map((email) => inFile.get(email)?.name || personByEmail.get(email)?.name || email);
    const text = `Managers would go round in a circle: ${[...names, names[0]].join(" → ")}. Someone in it needs another manager.`;
    for (const email of cycle) inFile.get(email)?.problems.push(text);
  }

  for (const line of lines) if (line.problems.length > 0) line.record = null;
  const counts = {
    create: lines.filter((l) => l.problems.length === 0 && l.action === "create").length,
    update: lines.filter((l) => l.problems.length === 0 && l.action === "update").length,
    unchanged: lines.filter((l) => l.problems.length === 0 && l.action === "unchanged").length,
    withProblems: lines.filter((l) => l.problems.length > 0).length,
  };
  return { fileProblems: [], lines, counts, ready: counts.withProblems === 0 };
}

/** A refusal as form errors: the sentence beside the field it is about. */
export function refusalErrors(refusal: DirectoryRefusal): Record<string, string[]> {
  return { [refusalField(refusal)]: [refusalMessage(refusal)] };
}
