/**
 * Importing the staff directory: the file is planned against the directory as it is
 * (`~/domain/staff-import`), shown to the admin, and applied in one write with an audit row for
 * every person it adds or changes, and an e-mailed invitation to set a password for every person
 * it adds (an import brings nobody's password).
 */
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { schema, type Db, type Queryable } from "~/db.server";
import { rolesWords } from "~/domain/directory";
import { planStaffImport, type DirectorySnapshot, type ImportPlan, type StaffRecord } from "~/domain/staff-import";
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

export type ImportResult = { ok: true; plan: ImportPlan } | { ok: false; plan: ImportPlan };

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
 * a file checked a minute ago is checked against the directory as it is now. Nothing is written
 * while any line has a problem.
 */
export async function applyStaffImport(
  db: Db,
  input: { text: string; actorId: number; now: number },
): Promise<ImportResult> {
  const { text, actorId, now } = input;
  return db.write(async (tx): Promise<ImportResult> => {
    const snapshot = await directorySnapshot(tx);
    const plan = planStaffImport(text, snapshot, actorId);
    if (!plan.ready) return { ok: false, plan };

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
    await recordAudit(tx, {
      at: now,
      actorId,
      action: "person.imported",
      entityType: "person",
      entityId: null,
      summary: `Imported the staff directory: ${plan.counts.create} added, ${plan.counts.update} updated, ${plan.counts.unchanged} unchanged.`,
      details: { ...plan.counts, lines: plan.lines.length },
    });
    return { ok: true, plan };
  });
}
