import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { refusalMessage } from "~/domain/bookings";
import { planPairings } from "~/domain/planner";
import { formatSpan } from "~/domain/time";
import { applyPairings, namesForPlan } from "~/models/pairings.server";
import { loadPlannerInput, plannerScope, scopeChoices } from "~/models/planner.server";
import { departmentChoices } from "~/models/team.server";
import { requirePermission } from "~/permissions.server";
import { PlannerApplySchema, PlannerParamsSchema, readQuery } from "~/schemas/team";

export const meta: MetaFunction = () => [{ title: "Plan pairings · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "planner:run");
  const { db, now } = args.context;
  const params = readQuery(PlannerParamsSchema, args.request);
  const departments = await departmentChoices(db, viewer);
  const base = {
    params,
    departments,
    scopes: scopeChoices(viewer),
    anyDepartmentLabel: viewer.isManager && !viewer.isAdmin ? "All my departments" : "Any department",
    timeZone: viewer.timeZone,
  };
  if (params.run !== "1") return { ...base, plan: null };

  // How long planning takes is shown to the manager; it is a measurement, not the product's clock.
  const started = performance.now();
  const input = await loadPlannerInput(db, plannerScope(viewer, params), { now, horizonDays: params.weeks * 7 });
  const result = planPairings(input);
  const elapsedMs = Math.round(performance.now() - started);
  const names = await namesForPlan(
    db,
    [...result.proposals.map((p) => p.personId), ...result.unplaced.map((u) => u.personId)],
    result.proposals.map((p) => p.sessionId),
  );
  const person = (id: number) => names.people[id] ?? { id, name: `Person ${id}`, departmentName: "" };
  const session = (id: number) => names.sessions[id];

  return {
    ...base,
    plan: {
      elapsedMs,
      peopleWithNeeds: input.people.length,
      sessionsOffered: input.sessions.length,
      objective: result.objective,
      proposals: result.proposals.map((p) => ({
        ...p,
        person: person(p.personId),
        session: session(p.sessionId),
      })),
      unplaced: result.unplaced.map((u) => ({ ...u, person: person(u.personId) })),
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "planner:run");
  const { db, now } = args.context;
  const submission = parseWithZod(await args.request.formData(), { schema: PlannerApplySchema });
  if (submission.status !== "success") return data({ result: submission.reply(), applied: null }, { status: 400 });
  const lines = submission.value.line;
  const applied = await applyPairings(db, { lines, actorId: viewer.id, now });
  const names = await namesForPlan(
    db,
    lines.map((l) => l.personId),
    lines.map((l) => l.sessionId),
  );
  const name = (personId: number) => names.people[personId]?.name;
  return {
    result: submission.reply({ resetForm: true }),
    applied: {
      booked: applied.booked.map((b) => ({ ...b, name: name(b.personId), session: names.sessions[b.sessionId] })),
      refused: applied.refused.map((r) => ({
        ...r,
        name: name(r.personId),
        session: names.sessions[r.sessionId],
        reason: refusalMessage(r.reason, { timeZone: viewer.timeZone, personName: name(r.personId) ?? "This person" }),
      })),
    },
  };
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

type Plan = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["plan"]>;
type Proposal = Plan["proposals"][number];

export default function Planner() {
  const { params, departments, scopes, anyDepartmentLabel, timeZone, plan } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [applyForm, applyFields] = useForm({
    id: "apply",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PlannerApplySchema }),
  });
  const applyError = applyForm.errors?.[0] ?? applyFields.line.errors?.[0];
  const [searchParams] = useSearchParams();
  const busy = navigation.state !== "idle";
  const withGroup = (group: "session" | "person") => {
    const next = new URLSearchParams(searchParams);
    next.set("group", group);
    return `?${next.toString()}`;
  };

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Planner</p>
          <h1>Plan pairings</h1>
          <p className="lead">
            Frontline proposes one next session for each person with open training: as many people as possible, the most
            urgent first, shadows spread fairly across hosts, earlier sessions preferred. Nothing is booked until you
            review and apply it.
          </p>
        </div>
      </div>

      <section className="card" aria-labelledby="plan-form-heading" style={{ marginBottom: "1.25rem" }}>
        <h2 id="plan-form-heading" className="visually-hidden">
          Who and when
        </h2>
        <Form method="get" className="planner-form">
          <input type="hidden" name="run" value="1" />
          <div className="field">
            <label htmlFor="scope">Plan for</label>
            <select id="scope" name="scope" defaultValue={params.scope}>
              {scopes.map((scope) => (
                <option key={scope.value} value={scope.value}>
                  {scope.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="dept">Department</label>
            <select id="dept" name="dept" defaultValue={params.dept ?? ""}>
              <option value="">{anyDepartmentLabel}</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.people})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="weeks">Looking ahead</label>
            <select id="weeks" name="weeks" defaultValue={params.weeks}>
              {[1, 2, 3, 4, 6, 8].map((w) => (
                <option key={w} value={w}>
                  {w === 1 ? "1 week" : `${w} weeks`}
                </option>
              ))}
            </select>
          </div>
          <div className="field planner-submit">
            <button type="submit" className="button" disabled={busy}>
              {navigation.state === "loading" && navigation.location?.search.includes("run=1")
                ? "Planning…"
                : "Plan pairings"}
            </button>
          </div>
        </Form>
      </section>

      {applyError ? (
        <div className="notice notice-error" role="alert" id={applyForm.errorId}>
          <p>{applyError}</p>
        </div>
      ) : null}

      {actionData?.applied ? <Applied applied={actionData.applied} timeZone={timeZone} /> : null}

      {plan === null ? (
        <div className="empty">
          <strong>Choose who to plan for, then press “Plan pairings”</strong>
          <p>
            The proposal takes open assignments and the sessions in the weeks ahead into account, with every booking
            rule.
          </p>
        </div>
      ) : actionData?.applied ? null : (
        <PlanReview
          plan={plan}
          group={params.group}
          timeZone={timeZone}
          withGroup={withGroup}
          busy={busy}
          formProps={getFormProps(applyForm)}
          lineName={applyFields.line.name}
        />
      )}
    </>
  );
}

function PlanReview({
  plan,
  group,
  timeZone,
  withGroup,
  busy,
  formProps,
  lineName,
}: {
  plan: Plan;
  group: "session" | "person";
  timeZone: string;
  withGroup: (g: "session" | "person") => string;
  busy: boolean;
  formProps: ReturnType<typeof getFormProps>;
  lineName: string;
}) {
  const bySession = new Map<number, Proposal[]>();
  for (const p of plan.proposals) bySession.set(p.sessionId, [...(bySession.get(p.sessionId) ?? []), p]);
  const sessionGroups = [...bySession.values()].sort((a, b) => a[0].startsAt - b[0].startsAt);
  const byPerson = [...plan.proposals].sort((a, b) => a.person.name.localeCompare(b.person.name));

  return (
    <>
      <div className="grid grid-3" style={{ marginBottom: "1.25rem" }}>
        <div className="card stat">
          <span className="stat-value">{plan.objective.placed}</span>
          <span className="stat-label">of {plan.peopleWithNeeds} people with open training get a session</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{plan.sessionsOffered}</span>
          <span className="stat-label">upcoming sessions considered</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{plan.elapsedMs} ms</span>
          <span className="stat-label">to find the best plan</span>
        </div>
      </div>

      {plan.proposals.length === 0 ? (
        <div className="empty">
          <strong>No bookings to propose</strong>
          <p>
            Nobody in this group can be placed on an upcoming session right now. The list below says why; hosts
            publishing more sessions, or later due dates, would change it.
          </p>
        </div>
      ) : (
        <Form method="post" className="card" aria-labelledby="proposal-heading" {...formProps}>
          <div className="card-header">
            <h2 id="proposal-heading">Proposed bookings</h2>
            <nav className="segmented" aria-label="Group the proposal">
              <Link to={withGroup("session")} aria-current={group === "session" ? "page" : undefined}>
                By session
              </Link>
              <Link to={withGroup("person")} aria-current={group === "person" ? "page" : undefined}>
                By person
              </Link>
            </nav>
          </div>
          <p className="muted small">
            Untick anyone you don't want booked. Applying books everyone ticked in one step.
          </p>
          {group === "session" ? (
            sessionGroups.map((lines) => (
              <fieldset key={lines[0].sessionId} className="plan-group">
                <legend>
                  <Link to={`/sessions/${lines[0].sessionId}`}>
                    {lines[0].session?.kindName} with {lines[0].session?.hostName}
                  </Link>{" "}
                  <span className="muted">· {formatSpan(lines[0].startsAt, lines[0].endsAt, timeZone)}</span>
                </legend>
                {lines.map((p) => (
                  <ProposalLine key={p.personId} proposal={p} showSession={false} timeZone={timeZone} name={lineName} />
                ))}
              </fieldset>
            ))
          ) : (
            <fieldset className="plan-group">
              <legend className="visually-hidden">Proposed bookings by person</legend>
              {byPerson.map((p) => (
                <ProposalLine key={p.personId} proposal={p} showSession timeZone={timeZone} name={lineName} />
              ))}
            </fieldset>
          )}
          <div className="row" style={{ marginTop: "1rem" }}>
            <button type="submit" className="button" disabled={busy}>
              Apply ticked bookings
            </button>
            <span className="muted small">
              Each person is sent the invitation by e-mail, and the booking shows in their calendar feed.
            </span>
          </div>
        </Form>
      )}

      {plan.unplaced.length > 0 ? (
        <section className="card" aria-labelledby="unplaced-heading" style={{ marginTop: "1.25rem" }}>
          <h2 id="unplaced-heading">{`Not placed this time (${plan.unplaced.length})`}</h2>
          <ul className="list">
            {plan.unplaced.map((u) => (
              <li key={u.personId}>
                <span className="item-title">{u.person.name}</span>{" "}
                <span className="muted small">{u.person.departmentName}</span>
                <div className="item-meta">{u.why}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function ProposalLine({
  proposal,
  showSession,
  timeZone,
  name,
}: {
  proposal: Proposal;
  showSession: boolean;
  timeZone: string;
  name: string;
}) {
  const id = `line-${proposal.personId}-${proposal.sessionId}`;
  return (
    <div className="plan-line">
      <input type="checkbox" id={id} name={name} value={`${proposal.personId}:${proposal.sessionId}`} defaultChecked />
      <label htmlFor={id}>
        <span className="item-title">{proposal.person.name}</span>{" "}
        <span className="muted small">{proposal.person.departmentName}</span>
        {showSession ? (
          <span className="item-meta plan-line-session">
            {proposal.session?.kindName} with {proposal.session?.hostName} ·{" "}
            {formatSpan(proposal.startsAt, proposal.endsAt, timeZone)}
          </span>
        ) : null}
        <span className="item-meta plan-line-why">{proposal.why}</span>
      </label>
    </div>
  );
}

function Applied({
  applied,
  timeZone,
}: {
  applied: NonNullable<NonNullable<ReturnType<typeof useActionData<typeof action>>>["applied"]>;
  timeZone: string;
}) {
  return (
    <section className="card" aria-labelledby="applied-heading" style={{ marginBottom: "1.25rem" }}>
      <h2 id="applied-heading">
        {applied.booked.length === 1 ? "1 person booked" : `${applied.booked.length} people booked`}
      </h2>
      <div className="notice notice-ok" role="status">
        <p>
          Booked by the planner for you. Each person is sent the invitation by e-mail, and the booking shows in their
          calendar feed.
        </p>
      </div>
      {applied.booked.length > 0 ? (
        <ul className="list">
          {applied.booked.map((b) => (
            <li key={b.bookingId}>
              <span className="item-title">{b.name}</span> —{" "}
              <Link to={`/sessions/${b.sessionId}`}>
                {b.session?.kindName} with {b.session?.hostName}
              </Link>
              {b.session ? (
                <span className="item-meta"> · {formatSpan(b.session.startsAt, b.session.endsAt, timeZone)}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {applied.refused.length > 0 ? (
        <>
          <h3 className="section-title">{`Not booked (${applied.refused.length})`}</h3>
          <ul className="list">
            {applied.refused.map((r) => (
              <li key={`${r.personId}-${r.sessionId}`}>
                <span className="item-title">{r.name}</span>
                <div className="item-meta">{r.reason}</div>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p style={{ marginTop: "1rem" }}>
        <Link to="/planner" className="button button-secondary">
          Plan again
        </Link>
      </p>
    </section>
  );
}
