/**
 * Importing the staff directory: the file is planned against the directory as it is
 * (`~/domain/staff-import`), shown to the admin, and applied in one write with an audit row for
 * every person it adds or changes, and an e-mailed invitation to set a password for every person
 * it adds (an import brings nobody's password). The admin chooses whether a file with problems
 * waits until every line is right, or has its good lines written and the others left out.
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import { rolesWords } from "~/domain/directory";
import {
  planStaffImport,
  rejectedLines,
  type DirectorySnapshot,
  type ImportPlan,
  type RejectedLines,
  type StaffRecord,
} from "~/domain/staff-import";
import { recordAudit, recordAuditRows, type AuditEntry } from "~/models/audit.server";
import { invitationMessage } from "~/models/mail/account-tokens.server";
import { enqueueMail } from "~/models/mail/outbox.server";
import { endSignInsOf } from "~/models/sign-ins.server";

/** Everyone in the directory with their manager's email, as the import plan reads it. */
export async function directorySnapshot(q: Queryable): Promise<DirectorySnapshot> {
  const departments = await q.query.departments.findMany({ columns: { id: true, name: true } });
  const people = await q.query.people.findMany({
    columns: {
      id: true,
      email: true,
      name: true,
      title: true,
      departmentId: true,
      timeZone: true,
      isHost: true,
      isManager: true,
      isAdmin: true,
      active: true,
    },
    with: { manager: { columns: { email: true } } },
  });
  return {
    departments,
    people: people.map(({ manager, ...person }) => ({ ...person, managerEmail: manager?.email ?? null })),
  };
}

/** A short fingerprint of a file, so applying it can tell it is the very file that was checked. */
export function fileFingerprint(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

export async function previewStaffImport(
  q: Queryable,
  input: { text: string; importerId: number },
): Promise<ImportPlan> {
  return planStaffImport(input.text, await directorySnapshot(q), input.importerId);
}

/**
 * The lines of a file left out of an import, with what is wrong with each, as the file would be
 * checked now: the report is made again from the file itself, never taken from the page.
 */
export async function rejectedLinesReport(
  q: Queryable,
  input: { text: string; importerId: number },
): Promise<RejectedLines | null> {
  return rejectedLines(input.text, await previewStaffImport(q, input));
}

/**
 * Which lines of a plan have problems, as a short fingerprint ("" when none): a file imported
 * without them must leave out exactly the lines the admin saw left out.
 */
export function problemLinesFingerprint(plan: ImportPlan): string {
  const lines = plan.lines.filter((l) => l.problems.length > 0).map((l) => l.line);
  return lines.length === 0 ? "" : fileFingerprint(lines.join(","));
}

/** "all": nothing is written while any line has a problem. "good": the good lines are written, the others left out. */
export type ImportMode = "all" | "good";

export type ImportRefusal =
  /** The plan made now leaves out other lines than the check the admin saw. */
  | "changed"
  /** All or nothing was chosen, and some lines have problems. */
  | "has_problems"
  /** Only the good lines were to be written, and none of them changes anything. */
  | "nothing_to_import";

export type ImportResult = { ok: true; plan: ImportPlan } | { ok: false; reason: ImportRefusal; plan: ImportPlan };

/** At most this many line numbers are named in the audit row of an import that left lines out. */
const AUDITED_LINE_NUMBERS = 200;

function lineNumbersText(lines: number[]): string {
  const named = lines.slice(0, 10).join(", ");
  const more = lines.length - 10;
  return lines.length === 1 ? `line ${named}` : `lines ${named}${more > 0 ? ` and ${more} more` : ""}`;
}

/** The columns a line of the file sets on a person. */
function columnsOf(record: StaffRecord, managerId: number | null) {
  return {
    name: record.name,
    title: record.title,
    departmentId: record.departmentId,
    managerId,
    timeZone: record.timeZone,
    isHost: record.isHost,
    isManager: record.isManager,
    isAdmin: record.isAdmin,
  };
}

/**
 * Applies a staff-directory file in one write: the plan is made again inside the transaction, so
 * a file checked a minute ago is checked against the directory as it is now. With `mode` "all"
 * (the default) nothing is written while any line has a problem; with "good" the good lines are
 * written and the lines with problems left out. `problemLines` is the fingerprint of the lines
 * the check showed with problems (`problemLinesFingerprint`): when given, a plan that now leaves
 * out other lines writes nothing.
 */
export async function applyStaffImport(
  db: Db,
  input: { text: string; actorId: number; now: number; mode?: ImportMode; problemLines?: string },
): Promise<ImportResult> {
  const { text, actorId, now, mode = "all", problemLines } = input;
  return db.write(async (tx): Promise<ImportResult> => {
    const snapshot = await directorySnapshot(tx);
    const plan = planStaffImport(text, snapshot, actorId);
    if (plan.fileProblems.length > 0) return { ok: false, reason: "has_problems", plan };
    if (problemLines !== undefined && problemLines !== problemLinesFingerprint(plan)) {
      return { ok: false, reason: "changed", plan };
    }
    if (mode === "all" && !plan.ready) return { ok: false, reason: "has_problems", plan };
    if (mode === "good" && plan.counts.create + plan.counts.update === 0) {
      return { ok: false, reason: "nothing_to_import", plan };
    }

    const departmentName = new Map(snapshot.departments.map((d) => [d.id, d.name]));
    const idOf = new Map(snapshot.people.map((p) => [p.email, p.id]));
    const managerIdOf = (record: StaffRecord) =>
      record.managerEmail === null ? null : (idOf.get(record.managerEmail) ?? null);
    const lines = plan.lines.filter((l) => l.record && l.action !== "unchanged");

    // New people first, a few hundred rows a statement, so managers later in the file have ids.
    const creates = lines.filter((l) => l.action === "create").map((l) => l.record!);
    const managerAtInsert = new Map<number, number | null>();
    for (let i = 0; i < creates.length; i += 500) {
      const created = await tx
        .insert(schema.people)
        .values(
          creates.slice(i, i + 500).map((r) => ({ ...columnsOf(r, managerIdOf(r)), email: r.email, createdAt: now })),
        )
        .returning({ id: schema.people.id, email: schema.people.email, managerId: schema.people.managerId });
      for (const c of created) {
        idOf.set(c.email, c.id);
        managerAtInsert.set(c.id, c.managerId);
      }
    }
    const audit: AuditEntry[] = [];
    for (const line of lines) {
      const r = line.record!;
      const personId = idOf.get(r.email)!;
      const managerId = managerIdOf(r);
      const entry = { at: now, actorId, entityType: "person", entityId: personId } as const;
      if (line.action === "create") {
        // Managers created later in the file got their ids only after this person was inserted.
        if (managerId !== null && managerId !== managerAtInsert.get(personId)) {
          await tx.update(schema.people).set({ managerId }).where(eq(schema.people.id, personId));
        }
        audit.push({
          ...entry,
          action: "person.created",
          summary: `Imported ${r.name} (${r.email}) into ${departmentName.get(r.departmentId)} as ${rolesWords(r)}.`,
          details: { source: "import", line: line.line, managerEmail: r.managerEmail, timeZone: r.timeZone },
        });
      } else {
        await tx.update(schema.people).set(columnsOf(r, managerId)).where(eq(schema.people.id, personId));
        // New roles take effect from a fresh sign-in, as when an admin changes them on the form.
        if (line.changes.some((c) => c.field === "roles")) {
          await endSignInsOf(tx, { personId, which: { all: true }, reason: "roles_changed", actorId, now });
        }
        audit.push({
          ...entry,
          action: "person.updated",
          summary: `Import updated ${r.name}: ${line.changes.map((c) => `${c.field} ${c.from || "(none)"} → ${c.to || "(none)"}`).join("; ")}.`,
          details: { source: "import", line: line.line, changes: line.changes },
        });
      }
    }
    await recordAuditRows(tx, audit);
    const importer = snapshot.people.find((p) => p.id === actorId)?.name ?? null;
    await enqueueMail(
      tx,
      creates.map((r) => invitationMessage(idOf.get(r.email)!, importer, now)),
      now,
    );
    const { create, update, unchanged, withProblems } = plan.counts;
    const leftOut = plan.lines.filter((l) => l.problems.length > 0).map((l) => l.line);
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "person.imported",
      entityType: "person",
      entityId: null,
      summary:
        withProblems === 0
          ? `Imported the staff directory: ${create} added, ${update} updated, ${unchanged} unchanged.`
          : `Imported the staff directory: ${create} added, ${update} updated, ${unchanged} unchanged, ${withProblems} rejected (${lineNumbersText(leftOut)}).`,
      details: {
        ...plan.counts,
        lines: plan.lines.length,
        mode,
        rejected: withProblems,
        ...(withProblems > 0 ? { rejectedLines: leftOut.slice(0, AUDITED_LINE_NUMBERS) } : {}),
      },
    });
    return { ok: true, plan };
  });
}
