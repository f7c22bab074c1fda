import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { redirectWithNotice, requireRole, safeRedirect } from "~/auth.server";
import { FieldError, fieldProps } from "~/components/forms";
import { getDb } from "~/db.server";
import { assignedMessage, assignRefusalField, assignRefusalMessage, todayIn } from "~/domain/team";
import { formatDueDay } from "~/domain/time";
import { parseForm, type FieldErrors } from "~/forms";
import {
  assignableModules,
  assignModule,
  departmentChoices,
  mayManage,
  personName,
  reportsOf,
  type TeamMember,
} from "~/models/team.server";

export const meta: MetaFunction = () => [{ title: "Assign a module · Team · Frontline" }];

function wholeNumber(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "manager", "admin");
  const db = getDb();
  const url = new URL(request.url);
  const [modules, reports, departments] = await Promise.all([
    assignableModules(db),
    reportsOf(db, viewer.id),
    departmentChoices(db, viewer),
  ]);
  // A link from a person's page names them; an admin may assign to someone outside their reports.
  const named = wholeNumber(url.searchParams.get("person"));
  let people: Pick<TeamMember, "id" | "name" | "title" | "departmentName">[] = reports;
  let namedPerson: { id: number; name: string } | null = null;
  if (named !== null && named !== viewer.id && (await mayManage(db, viewer, named))) {
    const name = await personName(db, named);
    if (name) {
      namedPerson = { id: named, name };
      if (!reports.some((r) => r.id === named)) people = [{ id: named, name, title: "", departmentName: "" }, ...reports];
    }
  }
  return {
    today: todayIn(Date.now(), viewer.timeZone),
    isAdmin: viewer.isAdmin,
    modules,
    people,
    reportTotal: reports.length,
    departments,
    namedPerson,
    moduleId: wholeNumber(url.searchParams.get("module")),
  };
}

const ids = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    (Array.isArray(value) ? value : value ? [value] : []).map(Number).filter((n) => Number.isInteger(n) && n > 0),
  );

// Only the shape here: which pieces are missing or wrong is the assignment rule's to say, all at once.
const AssignForm = z.object({
  moduleId: z.string().optional(),
  dueOn: z.string().trim().default(""),
  personIds: ids,
  everyone: z.string().optional(),
  departmentId: z.string().optional(),
  returnTo: z.string().optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "manager", "admin");
  const parsed = parseForm(AssignForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const form = parsed.data;

  const result = await assignModule(getDb(), {
    actorId: viewer.id,
    moduleId: wholeNumber(form.moduleId),
    dueOn: form.dueOn,
    personIds: form.personIds,
    everyone: form.everyone === "1",
    departmentId: wholeNumber(form.departmentId),
    now: Date.now(),
  });
  if (!result.ok) {
    const errors: FieldErrors = {};
    for (const reason of result.reasons) {
      const field = assignRefusalField(reason);
      errors[field] = [...(errors[field] ?? []), assignRefusalMessage(reason)];
    }
    return data({ errors, values: parsed.values }, { status: 400 });
  }

  const message = assignedMessage({
    moduleTitle: result.moduleTitle,
    dueOn: result.dueOn,
    dueText: formatDueDay(result.dueOn),
    created: result.created.length,
    alreadyDone: result.created.filter((c) => c.completedAtOnce).length,
    skipped: result.skipped.length,
  });
  return redirectWithNotice(request, safeRedirect(form.returnTo, "/team"), {
    tone: result.created.length > 0 ? "ok" : "info",
    message,
  });
}

export default function AssignModule() {
  const { today, isAdmin, modules, people, reportTotal, departments, namedPerson, moduleId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const submitted = actionData !== undefined;
  const ticked = new Set(
    submitted ? (values.personIds ?? "").split(",").filter(Boolean).map(Number) : namedPerson ? [namedPerson.id] : [],
  );
  const busy = navigation.state === "submitting";
  const errorCount = Object.values(errors).filter((e) => e?.length).length;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/team">Team</Link>
          </p>
          <h1>Assign a module</h1>
          <p className="lead">
            Pick a module and the day it is due, then choose who should complete it. The due day ends at midnight in
            each person's own time zone.
          </p>
        </div>
      </div>

      <div className="grid assign-layout">
        <div className="card">
          {errorCount > 0 ? (
            <div className="notice notice-error" role="alert">
              <p>Nothing was assigned. {errorCount === 1 ? "Check the field marked below." : "Check the fields marked below."}</p>
            </div>
          ) : null}
          <Form method="post" className="form" noValidate>
            {namedPerson ? <input type="hidden" name="returnTo" value={`/team/${namedPerson.id}`} /> : null}
            <div className="field">
              <label htmlFor="moduleId">Module</label>
              <select
                {...fieldProps("moduleId", errors.moduleId)}
                defaultValue={values.moduleId ?? (moduleId ? String(moduleId) : "")}
              >
                <option value="">Choose a module…</option>
                {modules.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.title}
                  </option>
                ))}
              </select>
              <FieldError name="moduleId" errors={errors.moduleId} />
            </div>

            <div className="field">
              <label htmlFor="dueOn">Due date</label>
              <input
                type="date"
                min={today}
                defaultValue={values.dueOn ?? ""}
                {...fieldProps("dueOn", errors.dueOn)}
                aria-describedby={errors.dueOn?.length ? "dueOn-error dueOn-hint" : "dueOn-hint"}
              />
              <span className="hint" id="dueOn-hint">
                Today or later. It counts as late from the start of the next day, where each person works.
              </span>
              <FieldError name="dueOn" errors={errors.dueOn} />
            </div>

            <fieldset className="field team-people-fieldset" aria-describedby={errors.people?.length ? "people-error" : undefined}>
              <legend>Who should complete it</legend>
              <span className="hint">Tick people, choose a department, or both — everyone chosen gets it once.</span>
              {people.length > 0 ? (
                <>
                  {reportTotal > 0 ? (
                    <label className="checkbox team-everyone">
                      <input type="checkbox" name="everyone" value="1" defaultChecked={values.everyone === "1"} />
                      Everyone who reports to you ({reportTotal === 1 ? "1 person" : `${reportTotal} people`})
                    </label>
                  ) : null}
                  <div className="team-people-picker" role="group" aria-label="People">
                    {people.map((person) => (
                      <label key={person.id} className="checkbox team-person-choice">
                        <input
                          type="checkbox"
                          name="personIds"
                          value={person.id}
                          defaultChecked={ticked.has(person.id)}
                        />
                        <span>
                          {person.name}
                          {person.title || person.departmentName ? (
                            <span className="person-choice-meta">
                              {[person.title, person.departmentName].filter(Boolean).join(" · ")}
                            </span>
                          ) : null}
                        </span>
                      </label>
                    ))}
                  </div>
                </>
              ) : (
                <p className="small muted">
                  Nobody reports to you{isAdmin ? ". As an admin you can assign to a whole department below, or open a person's page from Team and assign from there." : "."}
                </p>
              )}
              <div className="field">
                <label htmlFor="departmentId">Department</label>
                <select id="departmentId" name="departmentId" defaultValue={values.departmentId ?? ""}>
                  <option value="">No department</option>
                  {departments.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name} ({d.people === 1 ? "1 person" : `${d.people} people`})
                    </option>
                  ))}
                </select>
                <span className="hint">
                  {isAdmin
                    ? "Everyone active in that department gets it."
                    : "Your reports in that department get it."}
                </span>
              </div>
              <FieldError name="people" errors={errors.people} />
            </fieldset>

            <p className="small muted">
              People who already have this module assigned are left as they were. Anyone who already holds it is
              marked done at once.
            </p>
            <div className="row">
              <button type="submit" className="button" disabled={busy}>
                {busy ? "Assigning…" : "Assign module"}
              </button>
              <Link to={namedPerson ? `/team/${namedPerson.id}` : "/team"} className="button button-secondary">
                Cancel
              </Link>
            </div>
          </Form>
        </div>

        {/* Not a labelled region, so its heading never reads as the Module field's label. */}
        <div className="card">
          <h2>What each module asks</h2>
          {modules.length === 0 ? (
            <div className="empty">
              <strong>No modules yet</strong>
              <p>An admin adds the service-training modules; then you can assign them here.</p>
            </div>
          ) : (
            <ul className="list">
              {modules.map((m) => (
                <li key={m.id}>
                  <div className="row">
                    <span className="item-title">{m.title}</span>
                    {m.core ? <span className="badge badge-brand">Core</span> : null}
                  </div>
                  <div className="item-meta">{m.rule}</div>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </>
  );
}
