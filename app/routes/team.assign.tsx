import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice, safeRedirect } from "~/auth.server";
import { ErrorList, Field, FormErrors, SelectField } from "~/components/forms";
import { can } from "~/domain/permissions";
import { assignedMessage, assignRefusalField, assignRefusalMessage } from "~/domain/team";
import { dayOf, formatDueDay } from "~/domain/time";
import { assignableModules, assignModule } from "~/models/assignments.server";
import { managesPerson } from "~/models/reporting-line.server";
import { departmentChoices, reportsOf, teamMember, type TeamMember } from "~/models/team.server";
import { requirePermission } from "~/permissions.server";
import { AssignSchema, readQuery, TeamLinkSchema } from "~/schemas/team";

export const meta: MetaFunction = () => [{ title: "Assign a module · Team · Frontline" }];

type Choice = Pick<TeamMember, "id" | "name" | "title" | "departmentName">;

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:assign");
  const { db, now } = args.context;
  const link = readQuery(TeamLinkSchema, args.request);
  const [modules, reports, departments] = await Promise.all([
    assignableModules(db),
    reportsOf(db, viewer.id),
    departmentChoices(db, viewer),
  ]);
  // A link from a person's page names them; an admin may assign to someone outside their reports.
  let people: Choice[] = reports;
  let namedPerson: { id: number; name: string } | null = null;
  const named = link.person;
  if (named !== undefined) {
    const manages = await managesPerson(db, viewer.id, named);
    const person = can(viewer, "team:manage-person", { personId: named, managesPerson: manages })
      ? await teamMember(db, named)
      : undefined;
    if (person) {
      namedPerson = { id: person.id, name: person.name };
      if (!reports.some((r) => r.id === named)) {
        people = [{ id: person.id, name: person.name, title: "", departmentName: "" }, ...reports];
      }
    }
  }
  return {
    today: dayOf(now, viewer.timeZone),
    isAdmin: viewer.isAdmin,
    modules,
    people,
    reportTotal: reports.length,
    departments,
    namedPerson,
    moduleId: link.module ?? null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "team:assign");
  const { db, now } = args.context;
  const submission = parseWithZod(await args.request.formData(), { schema: AssignSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const form = submission.value;

  const result = await assignModule(db, {
    actorId: viewer.id,
    moduleId: form.moduleId ?? null,
    dueOn: form.dueOn,
    personIds: form.personIds,
    everyone: form.everyone === "1",
    departmentId: form.departmentId ?? null,
    now,
  });
  if (!result.ok) {
    const fieldErrors: Record<string, string[]> = {};
    for (const reason of result.reasons) {
      const field = assignRefusalField(reason);
      fieldErrors[field] = [...(fieldErrors[field] ?? []), assignRefusalMessage(reason)];
    }
    const fields = Object.keys(fieldErrors).length;
    const formError = `Nothing was assigned. ${fields === 1 ? "Check the field marked below." : "Check the fields marked below."}`;
    return data({ result: submission.reply({ formErrors: [formError], fieldErrors }) }, { status: 400 });
  }

  const message = assignedMessage({
    moduleTitle: result.moduleTitle,
    dueOn: result.dueOn,
    dueText: formatDueDay(result.dueOn),
    created: result.created.length,
    alreadyDone: result.created.filter((c) => c.completedAtOnce).length,
    skipped: result.skipped.length,
  });
  return redirectWithNotice(args.request, safeRedirect(form.returnTo, "/team"), {
    tone: result.created.length > 0 ? "ok" : "info",
    message,
  });
}

export default function AssignModule() {
  const { today, isAdmin, modules, people, reportTotal, departments, namedPerson, moduleId } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "assign",
    lastResult: actionData?.result,
    constraint: getZodConstraint(AssignSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: AssignSchema }),
    defaultValue: {
      moduleId: moduleId ? String(moduleId) : "",
      personIds: namedPerson ? [String(namedPerson.id)] : [],
    },
  });
  const peopleErrorId = fields.personIds.errorId;

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
            each person&apos;s own time zone.
          </p>
        </div>
      </div>

      <div className="grid assign-layout">
        <div className="card">
          <FormErrors form={form} noun="anything is assigned" />
          <Form method="post" className="form" {...getFormProps(form)}>
            {namedPerson ? <input type="hidden" name={fields.returnTo.name} value={`/team/${namedPerson.id}`} /> : null}
            <SelectField meta={fields.moduleId} label="Module">
              <option value="">Choose a module…</option>
              {modules.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.title}
                </option>
              ))}
            </SelectField>

            <Field
              meta={fields.dueOn}
              label="Due date"
              type="date"
              inputProps={{ min: today }}
              hint="Today or later. It counts as late from the start of the next day, where each person works."
            />

            <fieldset
              className="field team-people-fieldset"
              aria-describedby={fields.personIds.errors?.length ? peopleErrorId : undefined}
            >
              <legend>Who should complete it</legend>
              <span className="hint">Tick people, choose a department, or both — everyone chosen gets it once.</span>
              {people.length > 0 ? (
                <>
                  {reportTotal > 0 ? (
                    <label className="checkbox team-everyone">
                      <input
                        type="checkbox"
                        name={fields.everyone.name}
                        value="1"
                        defaultChecked={fields.everyone.initialValue === "1"}
                      />
                      Everyone who reports to you ({reportTotal === 1 ? "1 person" : `${reportTotal} people`})
                    </label>
                  ) : null}
                  <div className="team-people-picker" role="group" aria-label="People">
                    {people.map((person) => (
                      <PersonChoice
                        key={person.id}
                        person={person}
                        name={fields.personIds.name}
                        ticked={ticked(fields.personIds.initialValue, person.id)}
                      />
                    ))}
                  </div>
                </>
              ) : (
                <p className="small muted">
                  Nobody reports to you
                  {isAdmin
                    ? ". As an admin you can assign to a whole department below, or open a person's page from Team and assign from there."
                    : "."}
                </p>
              )}
              <SelectField
                meta={fields.departmentId}
                label="Department"
                hint={
                  isAdmin ? "Everyone active in that department gets it." : "Your reports in that department get it."
                }
              >
                <option value="">No department</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} ({d.people === 1 ? "1 person" : `${d.people} people`})
                  </option>
                ))}
              </SelectField>
              <ErrorList id={peopleErrorId} errors={fields.personIds.errors} />
            </fieldset>

            <p className="small muted">
              People who already have this module assigned are left as they were. Anyone who already holds it is marked
              done at once.
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

/** Whether a person's box starts ticked: named in the link, or ticked before a refused submit. */
function ticked(initial: unknown, personId: number): boolean {
  const values = Array.isArray(initial) ? initial : initial === undefined ? [] : [initial];
  return values.map(String).includes(String(personId));
}

function PersonChoice({ person, name, ticked }: { person: Choice; name: string; ticked: boolean }) {
  return (
    <label className="checkbox team-person-choice">
      <input type="checkbox" name={name} value={person.id} defaultChecked={ticked} />
      <span>
        {person.name}
        {person.title || person.departmentName ? (
          <span className="person-choice-meta">
            {[person.title, person.departmentName].filter(Boolean).join(" · ")}
          </span>
        ) : null}
      </span>
    </label>
  );
}
