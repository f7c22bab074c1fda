import { plural } from "~/domain/counting";
import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminHeader } from "~/components/admin-nav";
import { redirectWithNotice } from "~/auth.server";
import { FormErrors, TextareaField } from "~/components/forms";
import { TableRegion } from "~/components/table-region";
import { PROBLEM_COLUMN, STAFF_HEADER, type ImportLine, type ImportPlan } from "~/domain/staff-import";
import { departmentOptions } from "~/models/departments.server";
import {
  applyStaffImport,
  fileFingerprint,
  previewStaffImport,
  problemLinesFingerprint,
  type ImportRefusal,
} from "~/models/staff-import.server";
import { requirePermission } from "~/permissions.server";
import { StaffImportSchema } from "~/schemas/import";

export const meta: MetaFunction = () => [{ title: "Import the staff directory · Admin · Frontline" }];

/** The page lists this many lines of each sort; the counts cover them all. */
const SHOWN_LINES = 200;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission({ request, context }, "admin:company");
  const departments = await departmentOptions(context.db);
  return { departments: departments.map((d) => d.name) };
}

/** What the page needs of a plan: the counts, and the first lines of each sort. */
function forPage(plan: ImportPlan) {
  const pick = (lines: ImportLine[]) =>
    lines.slice(0, SHOWN_LINES).map(({ line, name, email, action, changes, problems, notes }) => ({
      line,
      name,
      email,
      action,
      changes,
      problems,
      notes,
    }));
  const problems = plan.lines.filter((l) => l.problems.length > 0);
  const creates = plan.lines.filter((l) => l.problems.length === 0 && l.action === "create");
  const updates = plan.lines.filter((l) => l.problems.length === 0 && l.action === "update");
  return {
    fileProblems: plan.fileProblems,
    counts: plan.counts,
    ready: plan.ready,
    problems: pick(problems),
    creates: pick(creates),
    updates: pick(updates),
  };
}

/**
 * The check of a file that has text: its plan, and the fingerprint "Import" must match when
 * something can be imported: the file's, then the lines with problems' (so the lines left out are
 * the ones the admin saw).
 */
type Check = { plan: ReturnType<typeof forPage>; fingerprint: string; checked: string };

function checkOf(plan: ImportPlan, fingerprint: string): Check {
  const importable = plan.fileProblems.length === 0 && (plan.ready || plan.counts.create + plan.counts.update > 0);
  return { plan: forPage(plan), fingerprint, checked: importable ? fingerprint + problemLinesFingerprint(plan) : "" };
}

/** What an import of the good lines did, and the lines it left out. */
type Imported = { plan: ReturnType<typeof forPage>; fingerprint: string };

type Outcome = { result: SubmissionResult<string[]>; check: Check | null; imported?: Imported };

/** Why an import wrote nothing, said above the check of the file as it is now. */
function refusedWords(reason: ImportRefusal, sawProblems: boolean): string {
  switch (reason) {
    case "changed":
      return sawProblems
        ? "The directory changed since the file was checked, so other lines would be left out than the ones you saw. Nothing was imported: here is the check as it is now."
        : "The directory changed since the file was checked, and some lines no longer fit. Nothing was imported.";
    case "has_problems":
      return "Nothing was imported, as you chose: every line must be right first. Fix the lines with problems in the file and check it again, or choose to import the good rows.";
    case "nothing_to_import":
      return "None of the good rows changes anything in the directory, so nothing was imported.";
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  // The server refuses a body over the import's limit before it gets here (app/server/body-limit.ts).
  const formData = await request.formData();
  // An uploaded file is read as if it had been pasted, so the page shows it and sends it again.
  const upload = formData.get("file");
  const pasted = formData.get("csv");
  const text = (upload instanceof File && upload.size > 0 ? await upload.text() : String(pasted ?? "")).replace(
    /\r\n?/g,
    "\n",
  );
  formData.set("csv", text);
  formData.delete("file");
  const submission = parseWithZod(formData, { schema: StaffImportSchema });
  const { intent, checked, mode } =
    submission.status === "success" ? submission.value : { intent: "preview", checked: "", mode: "all" as const };
  const fingerprint = fileFingerprint(text);

  // The same file as was checked: what follows the file's own fingerprint is its problem lines'.
  if (intent === "apply" && checked.startsWith(fingerprint)) {
    const problemLines = checked.slice(fingerprint.length);
    const applied = await applyStaffImport(context.db, {
      text,
      actorId: viewer.id,
      now: context.now,
      mode,
      problemLines,
    });
    if (applied.ok && applied.plan.counts.withProblems === 0) {
      const { create, update, unchanged } = applied.plan.counts;
      return redirectWithNotice(request, "/admin/people", {
        tone: "ok",
        message: `Imported the staff directory: ${create} added, ${update} updated, ${unchanged} already up to date.${invitationWords(create)}`,
      });
    }
    // The page itself says what was imported and offers the lines left out: the file is not kept.
    if (applied.ok) {
      return data<Outcome>({
        result: submission.reply(),
        check: null,
        imported: { plan: forPage(applied.plan), fingerprint },
      });
    }
    return data<Outcome>(
      {
        result: submission.reply({ formErrors: [refusedWords(applied.reason, problemLines !== "")] }),
        check: checkOf(applied.plan, fingerprint),
      },
      { status: 400 },
    );
  }

  const plan = await previewStaffImport(context.db, { text, importerId: viewer.id });
  const stale =
    "The file changed since it was checked. Here is the check of the file as it is now; nothing was imported.";
  const result = submission.reply({
    formErrors: intent === "apply" ? [stale] : [],
    // A file with no text at all has nothing to list: what is wrong goes beside the box.
    fieldErrors: text.trim() === "" ? { csv: plan.fileProblems } : {},
  });
  const check = text.trim() === "" ? null : checkOf(plan, fingerprint);
  return data<Outcome>({ result, check }, { status: plan.ready ? 200 : 400 });
}

function invitationWords(added: number): string {
  if (added === 0) return "";
  return ` We're e-mailing ${added === 1 ? "the new person an invitation" : "each new person an invitation"} to set a password.`;
}

export default function ImportPeople() {
  const outcome = useActionData<typeof action>();
  // A new file's check starts the form afresh, so the box shows the file that was checked.
  const key = outcome?.check?.fingerprint ?? outcome?.imported?.fingerprint ?? "new";
  return <StaffImport key={key} outcome={outcome} />;
}

function StaffImport({ outcome }: { outcome: Outcome | undefined }) {
  const { departments } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "staff-import",
    lastResult: outcome?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: StaffImportSchema }),
  });
  const check = outcome?.check ?? null;
  const result = check?.plan;
  const imported = outcome?.imported ?? null;
  const toWrite = result ? result.counts.create + result.counts.update : 0;
  // Some lines have problems and others could be imported without them: the admin chooses.
  const choosing = Boolean(result && !result.ready && toWrite > 0 && check?.checked);
  const fileText = typeof outcome?.result.initialValue?.csv === "string" ? outcome.result.initialValue.csv : "";

  return (
    <>
      <AdminHeader
        up={{ to: "/admin/people", label: "People" }}
        title="Import the staff directory"
        lead="Paste the directory or upload it as a CSV file. Frontline checks every line first and shows what will change; nothing is written until you confirm. If some lines have problems, you choose: wait until every line is right, or import the good ones and get the others back as a file to fix."
      />

      <FormErrors form={form} noun="the file can be checked" />

      {imported ? <ImportedGoodLines imported={imported} fileText={fileText} /> : null}

      {result ? (
        <section className="card import-result" aria-labelledby="check-heading">
          <h2 id="check-heading">{result.ready ? "Ready to import" : "Fix these lines first"}</h2>
          {result.fileProblems.length > 0 ? (
            <ul className="import-problems">
              {result.fileProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : (
            <>
              <div className="import-counts">
                <span className="badge badge-ok">{plural(result.counts.create, "person to add", "people to add")}</span>
                <span className="badge badge-info">
                  {plural(result.counts.update, "person to update", "people to update")}
                </span>
                <span className="badge">
                  {plural(result.counts.unchanged, "already up to date", "already up to date")}
                </span>
                {result.counts.withProblems > 0 ? (
                  <span className="badge badge-danger">
                    {plural(result.counts.withProblems, "line with a problem", "lines with problems")}
                  </span>
                ) : null}
              </div>
              {result.ready ? (
                <p>
                  {toWrite === 0
                    ? "Everyone in the file is already in the directory as it says. There is nothing to import."
                    : `Check the changes below, then import. Every change is written to the audit log.${result.counts.create > 0 ? " Each person added gets an e-mail inviting them to set a password." : ""}`}
                </p>
              ) : (
                <p>
                  Nothing has been written. Correct the lines below in the file (or add what is missing), then check it
                  again.
                  {choosing
                    ? ` Or import the ${plural(toWrite, "good row", "good rows")} now and leave out the ${result.counts.withProblems} with problems: choose under the file.`
                    : null}
                </p>
              )}
            </>
          )}

          {result.problems.length > 0 ? (
            <LineTable
              caption="Lines with problems"
              lines={result.problems}
              total={result.counts.withProblems}
              kind="problems"
            />
          ) : null}
          {result.creates.length > 0 ? (
            <LineTable caption="People to add" lines={result.creates} total={result.counts.create} kind="creates" />
          ) : null}
          {result.updates.length > 0 ? (
            <LineTable caption="People to update" lines={result.updates} total={result.counts.update} kind="updates" />
          ) : null}
        </section>
      ) : null}

      <div className="admin-split">
        <section className="card" aria-labelledby="file-heading">
          <h2 id="file-heading">{result || imported ? "The file" : "Your file"}</h2>
          <Form method="post" encType="multipart/form-data" className="form" {...getFormProps(form)}>
            <input type="hidden" name="checked" value={check?.checked ?? ""} />
            <TextareaField
              meta={fields.csv}
              label="Staff directory (CSV)"
              hint="Header first, one person per line. Rows copied from a spreadsheet work too."
              rows={12}
              textareaProps={{ className: "admin-mono", spellCheck: false }}
            />
            <div className="field">
              <label htmlFor={`${form.id}-file`}>Or upload a CSV file</label>
              <input type="file" id={`${form.id}-file`} name="file" accept=".csv,.txt,text/csv,text/plain" />
            </div>
            {result && choosing ? (
              <fieldset className="admin-fieldset import-choice">
                <legend>What to import</legend>
                <label className="checkbox">
                  <input type="radio" name="mode" value="all" defaultChecked />
                  Import nothing until every row is right
                </label>
                <label className="checkbox">
                  <input type="radio" name="mode" value="good" />
                  Import the {plural(toWrite, "good row", "good rows")} and skip the {result.counts.withProblems} with
                  problems
                </label>
              </fieldset>
            ) : null}
            <div className="row">
              <button
                type="submit"
                name="intent"
                value="preview"
                className={check?.checked && toWrite > 0 ? "button button-secondary" : "button"}
                disabled={busy}
              >
                {result || imported ? "Check again" : "Check the file"}
              </button>
              {result?.ready && toWrite > 0 && check?.checked ? (
                <button type="submit" name="intent" value="apply" className="button" disabled={busy}>
                  Import: add {result.counts.create}, update {result.counts.update}
                </button>
              ) : null}
              {choosing ? (
                <button type="submit" name="intent" value="apply" className="button" disabled={busy}>
                  Import as chosen
                </button>
              ) : null}
            </div>
          </Form>
        </section>

        <aside className="card" aria-labelledby="format-heading">
          <h2 id="format-heading">The format</h2>
          <p className="small">The first line names the columns:</p>
          <CodeSample label="The header line">{STAFF_HEADER}</CodeSample>
          <p className="small">For example:</p>
          <CodeSample label="Two example lines">
            {`Mira Salo,mira.salo@example.com,Finance,Financial analyst,anna.berg@example.com,Europe/Helsinki,\n"Ruiz, Ana",ana.ruiz@example.com,Sales,Sales representative,,Europe/Madrid,host`}
          </CodeSample>
          <ul className="small import-format">
            <li>
              <strong>department</strong> is one of:{" "}
              {departments.length === 0 ? (
                <Link to="/admin/departments">add departments first</Link>
              ) : (
                departments.join(", ")
              )}
              .
            </li>
            <li>
              <strong>manager_email</strong> may be someone already in Frontline or anyone in the same file; leave it
              empty for no manager.
            </li>
            <li>
              <strong>time_zone</strong> is a name such as Europe/London; leave it empty to keep the person's zone.
            </li>
            <li>
              <strong>roles</strong>: any of host, manager, admin, separated by spaces. Everyone is an employee.
            </li>
            <li>People already in Frontline (by email) are updated; people not in the file are left as they are.</li>
            <li>Each new person gets an e-mail inviting them to set a password.</li>
            <li>Put a value that holds a comma in double quotes.</li>
            <li>
              A <strong>{PROBLEM_COLUMN}</strong> column, as the download of rejected rows has, is left aside, so a
              fixed copy of that file imports as it is.
            </li>
          </ul>
        </aside>
      </div>
    </>
  );
}

/**
 * After an import of the good lines: what it wrote, the lines it left out, and those lines as a
 * file to fix. The download posts the file back to be checked again, so nothing is kept here.
 */
function ImportedGoodLines({ imported, fileText }: { imported: Imported; fileText: string }) {
  const { counts, problems } = imported.plan;
  return (
    <section className="card import-result" aria-labelledby="imported-heading">
      <h2 id="imported-heading">Imported the good rows</h2>
      <p className="notice notice-ok" role="status">
        {plural(counts.create, "person", "people")} added, {counts.update} updated
        {counts.unchanged > 0 ? `, ${counts.unchanged} already up to date` : ""}.{" "}
        {plural(counts.withProblems, "row with a problem was", "rows with problems were")} rejected and left out.
      </p>
      <div className="import-counts">
        <span className="badge badge-ok">{plural(counts.create, "added", "added")}</span>
        <span className="badge badge-info">{plural(counts.update, "updated", "updated")}</span>
        <span className="badge">{plural(counts.unchanged, "already up to date", "already up to date")}</span>
        <span className="badge badge-danger">{plural(counts.withProblems, "rejected", "rejected")}</span>
      </div>
      <p>
        Every change is written to the audit log.
        {invitationWords(counts.create)} Download the rejected rows, fix them and import that file: it has the rows as
        they were in your file, with a “{PROBLEM_COLUMN}” column saying what is wrong, which the import leaves aside.
      </p>
      <form
        method="post"
        action="/admin/people/import/rejected.csv"
        encType="multipart/form-data"
        className="import-download"
      >
        <input type="hidden" name="csv" value={fileText} />
        <button type="submit" className="button">
          Download the rejected rows (CSV)
        </button>
      </form>
      <LineTable caption="Rejected rows" lines={problems} total={counts.withProblems} kind="problems" />
    </section>
  );
}

/** Lines of a file as typed. A long line scrolls sideways on a phone, so the frame takes the focus. */
function CodeSample({ label, children }: { label: string; children: string }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <pre className="admin-code" tabIndex={0} role="region" aria-label={label}>
      {children}
    </pre>
  );
}

type ShownLine = {
  line: number;
  name: string;
  email: string;
  changes: { field: string; from: string; to: string }[];
  problems: string[];
  notes: string[];
};

function LineTable({
  caption,
  lines,
  total,
  kind,
}: {
  caption: string;
  lines: ShownLine[];
  total: number;
  kind: "problems" | "creates" | "updates";
}) {
  return (
    <div className="import-lines">
      <h3>
        {caption} <span className="muted small">({total.toLocaleString("en")})</span>
      </h3>
      <TableRegion label={caption}>
        <table className="table-stack">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Person</th>
              <th scope="col">{kind === "problems" ? "Problem" : kind === "updates" ? "Changes" : "Notes"}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.line}>
                <td data-label="Line">{l.line}</td>
                <th scope="row" className="admin-wrap">
                  {l.name || <span className="muted">(no name)</span>}
                  <div className="item-meta">{l.email || "(no email)"}</div>
                </th>
                <td
                  data-label={kind === "problems" ? "Problem" : kind === "updates" ? "Changes" : "Notes"}
                  className="admin-wrap"
                >
                  <div>
                    {kind === "problems" ? (
                      <ul className="import-problems">
                        {l.problems.map((p) => (
                          <li key={p}>{p}</li>
                        ))}
                      </ul>
                    ) : kind === "updates" ? (
                      <ul className="import-changes">
                        {l.changes.map((c) => (
                          <li key={c.field}>
                            {c.field}: <del>{c.from || "(empty)"}</del> → <ins>{c.to || "(empty)"}</ins>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="muted">New</span>
                    )}
                    {l.notes.map((n) => (
                      <p key={n} className="item-meta">
                        {n}
                      </p>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {total > lines.length ? (
        <p className="muted small">And {(total - lines.length).toLocaleString("en")} more, not listed here.</p>
      ) : null}
    </div>
  );
}
