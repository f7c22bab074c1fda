/**
 * The staff-directory import: a CSV file read, checked line by line against the directory, and
 * planned before anything is written. Plain TypeScript: no database, no clock.
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
 * - Each problem is a sentence on its line. The admin chooses: nothing is written while any line
 *   has a problem, or the good lines are written and the others left out. So a good line must
 *   stand on its own: one whose manager is on a line with a problem (or further up a chain to
 *   one) is held back with it, and the good lines alone must not close a circle of managers.
 * - A "problem" column, as the report of the lines left out has, is left aside.
 * - Every value is one line of clean text (./text): a control character, a tab or a line break
 *   inside a quoted value is a problem on its line, like any other.
 */
import { CsvError, parse } from "csv-parse/sync";
import {
  canonicalTimeZone,
  EXTRA_ROLES,
  isEmail,
  LIMITS,
  managerCycles,
  normaliseEmail,
  rolesFromFlags,
  type ExtraRole,
} from "./directory";
import { textProblem, textProblemMessage, visibleLine } from "./text";

// ---- CSV ---------------------------------------------------------------------------------------

export interface CsvRow {
  /** The line of the file the row starts on (a quoted value may span lines). */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; message: string };

/**
 * RFC 4180 CSV, read by csv-parse: values separated by `delimiter`, rows by CRLF, LF or CR; a value
 * in double quotes may hold the delimiter, line breaks and doubled quotes (""). A byte-order mark
 * is skipped and blank lines are ignored. Each row knows the line it starts on, so a problem can
 * be shown on the line a person sees in their editor.
 */
export function parseCsv(input: string, delimiter = ","): CsvResult {
  const lines = new LineCounter(input);
  const rows: CsvRow[] = [];
  // Where the row read last ended, in csv-parse's UTF-8 bytes: the next row starts after it.
  let readTo = 0;
  try {
    parse(input, {
      delimiter,
      bom: true,
      ltrim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ["\r\n", "\n", "\r"],
      on_record: (fields, { bytes }) => {
        const line = lines.lineOfFirstTextFrom(readTo);
        readTo = bytes;
        const blank = fields.length === 1 && fields[0].trim() === "";
        if (!blank) rows.push({ line, fields });
        return null;
      },
    });
  } catch (error) {
    const line = lines.lineOfFirstTextFrom(readTo);
    return { ok: false, line, message: csvProblem(error, line) };
  }
  return { ok: true, rows };
}

function csvProblem(error: unknown, line: number): string {
  switch (error instanceof CsvError ? error.code : null) {
    case "CSV_QUOTE_NOT_CLOSED":
      return `A quoted value that starts on line ${line} never ends. Add the closing quote.`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `Line ${line} has text after a closing quote. Put the whole value inside the quotes, and write a quote inside a value as two quotes ("").`;
    case "INVALID_OPENING_QUOTE":
      return `Line ${line} has a quote inside a value. Put the whole value inside double quotes, and write a quote inside a value as two quotes ("").`;
    default:
      return `Line ${line} can't be read as CSV. Check its quotes and separators.`;
  }
}

/**
 * Line numbers for csv-parse's byte offsets: walks the text once, forward only, counting UTF-8
 * bytes as csv-parse does and a line break (CRLF, LF or CR) as one line.
 */
class LineCounter {
  private index = 0;
  private byte = 0;
  private line = 1;
  constructor(private readonly text: string) {}

  /** The line of the first character at or after `byte` that isn't a space, a line break or a byte-order mark. */
  lineOfFirstTextFrom(byte: number): number {
    while (this.index < this.text.length && this.byte < byte) this.step();
    while (this.index < this.text.length && " \r\n\uFEFF".includes(this.text[this.index])) this.step();
    return this.line;
  }

  private step() {
    const { text, index } = this;
    if (text[index] === "\n" || (text[index] === "\r" && text[index + 1] !== "\n")) this.line++;
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    // A surrogate pair is one character of four bytes; a lone surrogate is written as three.
    const pair = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    this.byte += pair ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    this.index += pair ? 2 : 1;
  }
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

// ---- Planning an import ------------------------------------------------------------------------

export const STAFF_COLUMNS = ["name", "email", "department", "title", "manager_email", "time_zone", "roles"] as const;
export type StaffColumn = (typeof STAFF_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly StaffColumn[] = ["name", "email", "department"];

/** How a line's problems name each column: "Remove the invisible control character from the name." */
const COLUMN_WORDS: Record<StaffColumn, string> = {
  name: "the name",
  email: "the email",
  department: "the department",
  title: "the job title",
  manager_email: "the manager's email",
  time_zone: "the time zone",
  roles: "the roles",
};

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
export type StaffRecord = Omit<DirectoryPerson, "id" | "active">;

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

  if (header.fields.some((field) => textProblem(field.trim(), "line") !== null)) {
    return emptyPlan([
      `The header line (line ${header.line}) has an invisible control character, a tab or a line break in a column name. Remove it.`,
    ]);
  }
  const columns = header.fields.map(headerName);
  const fileProblems: string[] = [];
  // The report of the lines left out adds a problem column; a fixed copy of it imports as it is.
  const unknownColumns = columns.filter(
    (c) => !(STAFF_COLUMNS as readonly string[]).includes(c) && c !== PROBLEM_COLUMN,
  );
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

    if (row.fields.length === columns.length) {
      // Values are kept trimmed, so only what is kept is checked. Their other checks would only
      // repeat the character back, so they wait until it is gone.
      columns.forEach((column, at) => {
        if (column === PROBLEM_COLUMN) return;
        const problem = textProblem(row.fields[at].trim(), "line");
        if (problem) problems.push(textProblemMessage(problem, COLUMN_WORDS[column as StaffColumn]));
      });
    } else {
      problems.push(
        `This line has ${row.fields.length} value${row.fields.length === 1 ? "" : "s"} but the header has ${columns.length}. Put a value holding a comma in double quotes.`,
      );
    }
    if (problems.length > 0) {
      return {
        line: row.line,
        name: visibleLine(name),
        email: visibleLine(email),
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
  const nameOf = (email: string) => inFile.get(email)?.name || personByEmail.get(email)?.name || email;
  for (const cycle of managerCycles(managerOf)) {
    const text = circleProblem(cycle.map(nameOf));
    for (const email of cycle) inFile.get(email)?.problems.push(text);
  }
  holdBackDependents(lines, directory, nameOf);

  for (const line of lines) if (line.problems.length > 0) line.record = null;
  const counts = {
    create: lines.filter((l) => l.problems.length === 0 && l.action === "create").length,
    update: lines.filter((l) => l.problems.length === 0 && l.action === "update").length,
    unchanged: lines.filter((l) => l.problems.length === 0 && l.action === "unchanged").length,
    withProblems: lines.filter((l) => l.problems.length > 0).length,
  };
  return { fileProblems: [], lines, counts, ready: counts.withProblems === 0 };
}

function circleProblem(names: string[]): string {
  return `Managers would go round in a circle: ${[...names, names[0]].join(" → ")}. Someone in it needs another manager.`;
}

/**
 * Holds back every good line that can't be imported without a line that has a problem: its
 * manager is on such a line, or on a good line held back for that reason, and so on up the chain.
 * Then, with only the good lines applied to the directory as it is, a circle of managers that
 * would appear (through someone whose own line is left out) holds its lines back too, until the
 * good lines stand on their own.
 */
function holdBackDependents(lines: ImportLine[], directory: DirectorySnapshot, nameOf: (email: string) => string) {
  for (;;) {
    const good = new Map<string, ImportLine>();
    const withProblem = new Map<string, ImportLine>();
    for (const line of lines) {
      const into = line.problems.length === 0 && line.record ? good : withProblem;
      if (isEmail(line.email) && !into.has(line.email)) into.set(line.email, line);
    }
    // The line each good line waits for (a line with a problem), found once per chain.
    const blockedBy = new Map<ImportLine, ImportLine | null>();
    for (const start of good.values()) {
      const chain: ImportLine[] = [];
      const onChain = new Set<ImportLine>();
      let current: ImportLine | undefined = start;
      let blocker: ImportLine | null = null;
      while (current && !blockedBy.has(current) && !onChain.has(current)) {
        chain.push(current);
        onChain.add(current);
        const manager: string | null = current.record?.managerEmail ?? null;
        if (manager === null) break;
        const next = good.get(manager);
        if (!next && withProblem.has(manager)) {
          blocker = withProblem.get(manager)!;
          break;
        }
        current = next;
      }
      if (current && blockedBy.has(current)) blocker = blockedBy.get(current) ? current : null;
      // Each line names the line just above it, so a chain can be followed line by line.
      for (let i = chain.length - 1; i >= 0; i--) {
        const above = i + 1 < chain.length ? chain[i + 1] : blocker;
        blockedBy.set(chain[i], blocker === null ? null : above);
      }
    }
    let heldBack = 0;
    for (const [line, above] of blockedBy) {
      if (!above) continue;
      line.problems.push(
        `Can't be imported alone: its manager's row has a problem on line ${above.line} (${above.email}).`,
      );
      heldBack++;
    }

    const managerOf = new Map<string, string | null>();
    for (const p of directory.people) managerOf.set(p.email, p.managerEmail);
    for (const line of good.values())
      if (line.problems.length === 0) managerOf.set(line.email, line.record!.managerEmail);
    let circled = 0;
    for (const cycle of managerCycles(managerOf)) {
      const text = circleProblem(cycle.map(nameOf));
      for (const email of cycle) {
        const line = good.get(email);
        if (line && line.problems.length === 0) {
          line.problems.push(text);
          circled++;
        }
      }
    }
    if (heldBack === 0 && circled === 0) return;
  }
}

// ---- The lines left out, as a file to fix ------------------------------------------------------

/** The column the report of the lines left out adds after the file's own, saying what is wrong. */
export const PROBLEM_COLUMN = "problem";

export interface RejectedLines {
  /** The file's own header, then the problem column. */
  header: string[];
  /** Each line with a problem, in the file's order: its values as they were, then its problems. */
  rows: string[][];
}

/**
 * The lines of a file that have problems, as they were in it, so they can be fixed and imported
 * again: under the file's own header, one value per column (a short line is filled out with empty
 * values; a long line's extra values stay in its last column, joined as the file joined them),
 * and the line's problems in the last column. Null when the file as a whole has a problem.
 */
export function rejectedLines(input: string, plan: ImportPlan): RejectedLines | null {
  if (plan.fileProblems.length > 0) return null;
  const delimiter = detectDelimiter(input);
  const parsed = parseCsv(input, delimiter);
  if (!parsed.ok) return null;
  const [header, ...rows] = parsed.rows;
  if (!header) return null;
  const problems = new Map(
    plan.lines.filter((l) => l.problems.length > 0).map((l) => [l.line, l.problems.join(" ")] as const),
  );
  const width = header.fields.length;
  return {
    header: [...header.fields.map((field) => field.trim()), PROBLEM_COLUMN],
    rows: rows
      .filter((row) => problems.has(row.line))
      .map((row) => [...fitTo(row.fields, width, delimiter), problems.get(row.line)!]),
  };
}

function fitTo(fields: string[], width: number, delimiter: string): string[] {
  if (fields.length <= width) return [...fields, ...Array<string>(width - fields.length).fill("")];
  return [...fields.slice(0, width - 1), fields.slice(width - 1).join(delimiter)];
}
