import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Pager } from "~/components/pager";
import { refusalMessage } from "~/domain/bookings";
import {
  placementSentence,
  unplacedSentence,
  type PlacementReason,
  type UnplacedCode,
  type UnplacedReason,
} from "~/domain/planner";
import { formatDayTime, formatSpan } from "~/domain/time";
import {
  applyPlan,
  linesToApply,
  makePlan,
  PEOPLE_PER_PAGE,
  planByPerson,
  planBySession,
  planNotPlaced,
  planOf,
  recentPlans,
  sessionsChangedSince,
  SESSIONS_PER_PAGE,
  type PlanLineView,
  type PlannedSession,
  type StoredPlan,
} from "~/models/plans.server";
import { scopeChoices } from "~/models/planner.server";
import { departmentChoices } from "~/models/team.server";
import { requirePermission } from "~/permissions.server";
import { ApplyPlanSchema, MakePlanSchema, PlanViewSchema } from "~/schemas/planner";
import { readQuery } from "~/schemas/team";
import { ListLink } from "~/components/list-link";

export const meta: MetaFunction = () => [{ title: "Plan pairings · Frontline" }];

/** Where a plan is read: which one, which view (by session, by person, not placed) and which page. */
function planHref(planId: number, view: { group?: string; page?: number } = {}): string {
  const params = new URLSearchParams({ plan: String(planId) });
  if (view.group && view.group !== "session") params.set("group", view.group);
  if (view.page && view.page > 1) params.set("page", String(view.page));
  return `/planner?${params}`;
}

function scopeWords(plan: Pick<StoredPlan, "scope" | "departmentName">): string {
  switch (plan.scope) {
    case "team":
      return plan.departmentName ? `your reports in ${plan.departmentName}` : "your team";
    case "department":
      return plan.departmentName ?? "one department";
    case "everyone":
      return "everyone in the company";
  }
}

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "planner:run");
  const { db } = args.context;
  const view = readQuery(PlanViewSchema, args.request);
  const [departments, recent] = await Promise.all([departmentChoices(db, viewer), recentPlans(db, viewer.id)]);
  const base = {
    departments,
    recent: recent.map((p) => ({
      id: p.id,
      madeAt: p.madeAt,
      scope: scopeWords(p),
      weeks: p.weeks,
      summary: p.summary,
    })),
    scopes: scopeChoices(viewer),
    anyDepartmentLabel: viewer.isManager && !viewer.isAdmin ? "All my departments" : "Any department",
    timeZone: viewer.timeZone,
    missingPlan: false,
  };
  if (view.plan === undefined) return { ...base, plan: null };
  // The viewer keeps at most PLANS_KEPT plans, and the recent ones are all of them.
  const plan = recent.find((p) => p.id === view.plan);
  if (!plan) return { ...base, plan: null, missingPlan: true };

  // With nobody placed, the people not placed are the whole review.
  const group = plan.summary.placed === 0 ? "unplaced" : view.group;
  const [bySession, byPerson, notPlaced, toApply] = await Promise.all([
    group === "session" ? planBySession(db, plan, view.page ?? 1) : null,
    group === "person" ? planByPerson(db, plan, view.page ?? 1) : null,
    group === "unplaced" ? planNotPlaced(db, plan, view.page ?? 1) : null,
    linesToApply(db, plan.id),
  ]);
  // Each line leaves in words, in the viewer's zone: the page needs the sentence, not the reasons behind it.
  const shown = (line: PlanLineView) => ({
    id: line.id,
    personName: line.personName,
    departmentName: line.departmentName,
    state: line.state,
    why: line.refusal
      ? refusalMessage(line.refusal, { timeZone: viewer.timeZone, personName: line.personName })
      : lineWhy(line, viewer.timeZone),
  });
  // Only a plan with lines still to apply can be out of date.
  const changed = toApply > 0 ? await sessionsChangedSince(db, plan) : 0;
  return {
    ...base,
    plan: {
      ...plan,
      scopeWords: scopeWords(plan),
      group,
      bySession: bySession && {
        ...bySession,
        items: bySession.items.map((group) => ({ session: group.session, lines: group.lines.map(shown) })),
      },
      byPerson: byPerson && {
        ...byPerson,
        items: byPerson.items.map((line) => ({ ...shown(line), session: line.session })),
      },
      notPlaced: notPlaced && { ...notPlaced, items: notPlaced.items.map(shown) },
      toApply,
      changed,
      perPage: { sessions: SESSIONS_PER_PAGE, people: PEOPLE_PER_PAGE },
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "planner:run");
  const { db, now } = args.context;
  const formData = await args.request.formData();
  if (formData.get("intent") === "plan") {
    const submission = parseWithZod(formData, { schema: MakePlanSchema });
    if (submission.status !== "success") {
      return data({ result: submission.reply(), applied: null, missing: false }, { status: 400 });
    }
    const { scope, dept, weeks } = submission.value;
    const planId = await makePlan(db, { viewer, choice: { scope, dept }, weeks, now });
    return redirect(planHref(planId));
  }

  const submission = parseWithZod(formData, { schema: ApplyPlanSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply(), applied: null, missing: false }, { status: 400 });
  }
  const plan = await planOf(db, submission.value.plan, viewer.id);
  if (!plan) return data({ result: submission.reply(), applied: null, missing: true }, { status: 400 });
  const lineIds = submission.value.intent === "apply" ? submission.value.line : "all";
  const applied = await applyPlan(db, { plan, lineIds, actorId: viewer.id, now });
  return {
    result: submission.reply({ resetForm: true }),
    applied: {
      booked: applied.filter((line) => line.bookingId !== null).length,
      refused: applied.filter((line) => line.refusal !== null).length,
    },
    missing: false,
  };
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Plan = NonNullable<LoaderData["plan"]>;
type Line = NonNullable<Plan["notPlaced"]>["items"][number];

export default function Planner() {
  const { departments, recent, scopes, anyDepartmentLabel, timeZone, plan, missingPlan } =
    useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const actionData = useActionData<typeof action>();
  const busy = navigation.state !== "idle";
  const planning = navigation.state === "submitting" && navigation.formData?.get("intent") === "plan";

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Planner</p>
          <h1>Plan pairings</h1>
          <p className="lead">
            Frontline proposes one next session for each person with open training: as many people as possible, overdue
            training first, shadows spread fairly across hosts, earlier sessions preferred. Nothing is booked until you
            review and apply it.
          </p>
        </div>
      </div>

      <section className="card" aria-labelledby="plan-form-heading" style={{ marginBottom: "1.25rem" }}>
        <h2 id="plan-form-heading" className="visually-hidden">
          Who and when
        </h2>
        <Form method="post" className="planner-form">
          <input type="hidden" name="intent" value="plan" />
          <div className="field">
            <label htmlFor="scope">Plan for</label>
            <select id="scope" name="scope" defaultValue={plan?.scope ?? scopes[0]?.value}>
              {scopes.map((scope) => (
                <option key={scope.value} value={scope.value}>
                  {scope.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="dept">Department</label>
            <select id="dept" name="dept" defaultValue={plan?.departmentId ?? ""}>
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
            <select id="weeks" name="weeks" defaultValue={plan?.weeks ?? 4}>
              {[1, 2, 3, 4, 6, 8].map((w) => (
                <option key={w} value={w}>
                  {w === 1 ? "1 week" : `${w} weeks`}
                </option>
              ))}
            </select>
          </div>
          <div className="field planner-submit">
            <button type="submit" className="button" disabled={busy}>
              {planning ? "Planning…" : "Plan pairings"}
            </button>
          </div>
        </Form>
      </section>

      {missingPlan || actionData?.missing ? (
        <div className="notice notice-warn" role="status">
          <p>
            That plan is no longer kept: Frontline keeps your five latest. Nothing was booked from it. Plan again to see
            a current proposal.
          </p>
        </div>
      ) : null}

      {plan === null ? <NoPlanYet recent={recent} timeZone={timeZone} /> : <PlanReview plan={plan} busy={busy} />}
    </>
  );
}

function NoPlanYet({ recent, timeZone }: { recent: LoaderData["recent"]; timeZone: string }) {
  if (recent.length === 0) {
    return (
      <div className="empty">
        <strong>Choose who to plan for, then press “Plan pairings”</strong>
        <p>
          The proposal takes open assignments and the sessions in the weeks ahead into account, with every booking rule.
          It is kept, so you can come back to it before you apply it.
        </p>
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Your recent plans</h2>
      <ul className="list">
        {recent.map((p) => (
          <li key={p.id}>
            <Link to={planHref(p.id)} className="item-title">
              {`For ${p.scope}, ${p.weeks === 1 ? "1 week" : `${p.weeks} weeks`} ahead`}
            </Link>
            <div className="item-meta">
              Made {formatDayTime(p.madeAt, timeZone)} · {peopleWords(p.summary.placed)} placed
              {p.summary.overduePlaced > 0 ? ` (${p.summary.overduePlaced} overdue)` : ""}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function peopleWords(n: number): string {
  return n === 1 ? "1 person" : `${n.toLocaleString("en")} people`;
}

/** Why a line's person is placed (a line with a session), or not, in words, in the reader's zone. */
function lineWhy(line: Pick<PlanLineView, "sessionId" | "reason">, timeZone: string): string {
  return line.sessionId === null
    ? unplacedSentence(line.reason as UnplacedReason, { timeZone })
    : placementSentence(line.reason as PlacementReason, { timeZone });
}

/** The not-placed reasons in the header's few words. */
const NOT_PLACED_WORDS: Record<UnplacedCode, string> = {
  no_open_assignment: "with nothing open",
  enough_seats_booked: "already booked enough",
  all_covered: "already booked enough",
  no_session_of_kind: "with no session of the kind",
  none_before_due: "with no session before the due day",
  sessions_unavailable: "whose sessions are full or don't fit",
  seats_taken: "whose seats went to others",
};

/** "3 already booked enough, 2 whose seats went to others": the reasons' counts, one part per wording. */
function notPlacedParts(counts: Partial<Record<UnplacedCode, number>>): string[] {
  const byWords = new Map<string, number>();
  for (const [code, n] of Object.entries(counts) as [UnplacedCode, number][]) {
    const words = NOT_PLACED_WORDS[code];
    byWords.set(words, (byWords.get(words) ?? 0) + n);
  }
  return [...byWords].map(([words, n]) => `${n.toLocaleString("en")} ${words}`);
}

function PlanReview({ plan, busy }: { plan: Plan; busy: boolean }) {
  const { timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [applyForm, applyFields] = useForm({
    id: "apply",
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ApplyPlanSchema }),
  });
  const lineField = applyFields.line;
  const lineName = lineField.name;
  const applyError = applyForm.errors?.[0] ?? lineField.errors?.[0];
  const { summary } = plan;
  const notPlacedTotal = Object.values(summary.notPlaced).reduce((sum, n) => sum + n, 0);
  const lines = plan.group === "session" ? plan.bySession : plan.group === "person" ? plan.byPerson : plan.notPlaced;
  const hrefFor = (page: number) => planHref(plan.id, { group: plan.group, page });
  const shownLines = plan.bySession
    ? plan.bySession.items.flatMap((group) => group.lines)
    : (plan.byPerson?.items ?? []);
  const proposedOnPage = shownLines.filter((line) => line.state === "proposed").length;

  return (
    <>
      <p className="muted" style={{ marginBottom: "1rem" }}>
        Plan for {plan.scopeWords}, {plan.weeks === 1 ? "1 week" : `${plan.weeks} weeks`} ahead, made{" "}
        {formatDayTime(plan.madeAt, timeZone)}. Opening it again shows this same plan; press “Plan pairings” for a new
        one.
      </p>
      <div className="grid stat-grid">
        <div className="card stat">
          <span className="stat-value">{summary.placed.toLocaleString("en")}</span>
          <span className="stat-label">
            of {plan.peopleWithNeeds.toLocaleString("en")} people with open training get a session
          </span>
        </div>
        <div className="card stat">
          <span className={`stat-value${summary.overduePlaced > 0 ? " stat-danger" : ""}`}>
            {summary.overduePlaced.toLocaleString("en")}
          </span>
          <span className="stat-label">of them overdue, placed first</span>
        </div>
        <div className="card stat">
          <span className="stat-value">{notPlacedTotal.toLocaleString("en")}</span>
          <span className="stat-label">
            not placed
            {notPlacedTotal > 0 ? `: ${notPlacedParts(summary.notPlaced).join(", ")}` : ""}
          </span>
        </div>
      </div>

      {actionData?.applied ? (
        <div className="notice notice-ok" role="status">
          <p>
            {actionData.applied.booked === 1 ? "1 person booked" : `${actionData.applied.booked} people booked`}
            {actionData.applied.refused > 0
              ? `; ${actionData.applied.refused} could not be booked — each is marked “Not booked” below with the reason.`
              : "."}{" "}
            Each person is sent the invitation by e-mail, and the booking shows in their calendar feed.
          </p>
        </div>
      ) : null}

      {plan.changed > 0 && plan.toApply > 0 ? (
        <div className="notice notice-warn" role="status">
          <p>
            {plan.changed === 1 ? "1 session" : `${plan.changed} sessions`} in this plan changed after it was made
            (moved, called off, or booked by others). Applying still checks every booking rule, but a new plan may place
            people better.
          </p>
        </div>
      ) : null}

      {applyError ? (
        <div className="notice notice-error" role="alert" id={applyForm.errorId}>
          <p>{applyError}</p>
        </div>
      ) : null}

      {summary.placed === 0 ? (
        <div className="empty">
          <strong>No bookings to propose</strong>
          <p>
            Nobody in this group can be placed on an upcoming session right now. The list below says why; hosts
            publishing more sessions, or later due dates, would change it.
          </p>
        </div>
      ) : null}
      {plan.notPlaced ? (
        <section className="card" aria-labelledby="not-placed" style={{ marginTop: "1.25rem" }}>
          <div className="card-header">
            <h2 id="not-placed">{`Not placed this time (${notPlacedTotal.toLocaleString("en")})`}</h2>
            {summary.placed > 0 ? <ReviewViews plan={plan} notPlaced={notPlacedTotal} /> : null}
          </div>
          <ul className="list">
            {plan.notPlaced.items.map((line: Line) => (
              <li key={line.id}>
                <span className="item-title">{line.personName}</span>{" "}
                <span className="muted small">{line.departmentName}</span>
                <div className="item-meta">{line.why}</div>
              </li>
            ))}
          </ul>
          <Pager
            page={plan.notPlaced.page}
            pages={plan.notPlaced.pages}
            total={plan.notPlaced.total}
            perPage={plan.perPage.people}
            hrefFor={hrefFor}
            noun="people not placed"
            label="Pages of people not placed"
          />
        </section>
      ) : (
        <Form method="post" className="card" aria-labelledby="proposal-heading" {...getFormProps(applyForm)}>
          <input type="hidden" name="plan" value={plan.id} />
          <div className="card-header">
            <h2 id="proposal-heading">Proposed bookings</h2>
            <ReviewViews plan={plan} notPlaced={notPlacedTotal} />
          </div>
          <p className="muted small">
            Untick anyone you don't want booked. “Apply ticked bookings” books the ticked people on this page.
          </p>
          {plan.bySession
            ? plan.bySession.items.map((group) => (
                <fieldset key={group.session.id} className="plan-group">
                  <legend>
                    <ListLink to={`/sessions/${group.session.id}`}>
                      {group.session.kindName} with {group.session.hostName}
                    </ListLink>{" "}
                    <span className="muted">
                      · {formatSpan(group.session.startsAt, group.session.endsAt, timeZone)}
                    </span>
                  </legend>
                  {group.lines.map((line) => (
                    <ProposalLine key={line.id} line={line} session={null} name={lineName} timeZone={timeZone} />
                  ))}
                </fieldset>
              ))
            : null}
          {plan.byPerson ? (
            <fieldset className="plan-group" aria-label="Proposed bookings by person">
              {plan.byPerson.items.map((line) => (
                <ProposalLine key={line.id} line={line} session={line.session} name={lineName} timeZone={timeZone} />
              ))}
            </fieldset>
          ) : null}
          {lines && lines.pages > 1 ? (
            <Pager
              page={lines.page}
              pages={lines.pages}
              total={lines.total}
              perPage={plan.group === "session" ? plan.perPage.sessions : plan.perPage.people}
              hrefFor={hrefFor}
              noun={plan.group === "session" ? "sessions" : "people"}
              label="Pages of the proposal"
            />
          ) : null}
          {plan.toApply > 0 ? (
            <div className="row" style={{ marginTop: "1rem" }}>
              <button type="submit" name="intent" value="apply" className="button" disabled={busy}>
                Apply ticked bookings
              </button>
              {plan.toApply > proposedOnPage ? (
                <button
                  type="submit"
                  name="intent"
                  value="apply-all"
                  className="button button-secondary"
                  disabled={busy}
                >
                  {`Apply all ${plan.toApply.toLocaleString("en")} proposed bookings`}
                </button>
              ) : null}
              <span className="muted small">
                Each person is sent the invitation by e-mail, and the booking shows in their calendar feed.
              </span>
            </div>
          ) : (
            <p className="muted" style={{ marginTop: "1rem" }}>
              Every line of this plan has been applied. <Link to="/planner">Plan again</Link> when more sessions are
              published.
            </p>
          )}
        </Form>
      )}
    </>
  );
}

/** The review's three views: the proposal by session or by person, and the people not placed. */
function ReviewViews({ plan, notPlaced }: { plan: Plan; notPlaced: number }) {
  const views = [
    { group: "session", label: "By session" },
    { group: "person", label: "By person" },
    ...(notPlaced > 0 ? [{ group: "unplaced", label: `Not placed (${notPlaced.toLocaleString("en")})` }] : []),
  ];
  return (
    <nav className="segmented" aria-label="Views of the plan">
      {views.map((view) => (
        <Link
          key={view.group}
          to={planHref(plan.id, { group: view.group })}
          aria-current={plan.group === view.group ? "page" : undefined}
        >
          {view.label}
        </Link>
      ))}
    </nav>
  );
}

function ProposalLine({
  line,
  session,
  name,
  timeZone,
}: {
  line: Line;
  session: PlannedSession | null;
  name: string;
  timeZone: string;
}) {
  const id = `line-${line.id}`;
  const sessionText = session ? (
    <span className="item-meta plan-line-session">
      {session.kindName} with {session.hostName} · {formatSpan(session.startsAt, session.endsAt, timeZone)}
    </span>
  ) : null;
  if (line.state !== "proposed") {
    return (
      <div className="plan-line plan-line-done">
        <span className={`badge ${line.state === "booked" ? "badge-ok" : "badge-danger"}`}>
          {line.state === "booked" ? "Booked" : "Not booked"}
        </span>
        <div>
          <span className="item-title">{line.personName}</span>{" "}
          <span className="muted small">{line.departmentName}</span>
          {sessionText}
          <span className="item-meta plan-line-why">{line.why}</span>
        </div>
      </div>
    );
  }
  return (
    <div className="plan-line">
      <input type="checkbox" id={id} name={name} value={line.id} defaultChecked />
      <label htmlFor={id}>
        <span className="item-title">{line.personName}</span> <span className="muted small">{line.departmentName}</span>
        {sessionText}
        <span className="item-meta plan-line-why">{line.why}</span>
      </label>
    </div>
  );
}
