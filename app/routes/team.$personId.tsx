import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice } from "~/auth.server";
import { ConfirmActions, ConfirmStep } from "~/components/confirm-step";
import { FormErrors, SelectField, TextareaField } from "~/components/forms";
import { ListLink } from "~/components/list-link";
import { Pager } from "~/components/pager";
import type { Viewer } from "~/domain/access";
import { evidenceSoFar, isDone, SIGN_OFF_REASON_MAX, signOffMessage, type SignOffRefusal } from "~/domain/completion";
import { can } from "~/domain/permissions";
import { undoSignOffMessage } from "~/domain/sign-offs";
import { signOffRefusalField, STANDING_TONES, withdrawMessage } from "~/domain/team";
import { formatDay, formatDueDay, formatSpan, relativeDay } from "~/domain/time";
import type { Db } from "~/db.server";
import { moduleTitle, withdrawAssignment } from "~/models/assignments.server";
import { signOffManually } from "~/models/completion.server";
import { managesPerson } from "~/models/reporting-line.server";
import { checkSignOff, signOffRecord, undoSignOff } from "~/models/sign-offs.server";
import { personDetail } from "~/models/team-person.server";
import { teamMember, type TeamMember } from "~/models/team.server";
import { assertPermission, notFound, requireId, requirePermission } from "~/permissions.server";
import { ConfirmLinkSchema, SignOffStepSchema, UndoSignOffSchema } from "~/schemas/confirm";
import { readQuery, TeamFilterSchema, TeamLinkSchema, WithdrawSchema } from "~/schemas/team";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.detail.person.name ?? "Person"} · Team · Frontline` },
];

/**
 * The person whose page this is, if the viewer may see and change their training: a person who
 * doesn't exist is a 404, someone else's report a 403 with the rule's words. Returns their name,
 * and whether the viewer manages them (an admin may not).
 */
async function requireReport(
  db: Db,
  viewer: Viewer,
  personId: number,
): Promise<{ member: TeamMember; name: string; manages: boolean }> {
  const [member, manages] = await Promise.all([teamMember(db, personId), managesPerson(db, viewer.id, personId)]);
  if (!member) throw notFound();
  assertPermission(viewer, "team:manage-person", { personId, managesPerson: manages });
  return { member, name: member.name, manages };
}

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const personId = requireId(args.params, "personId");
  const { db, now } = args.context;
  const { member, manages } = await requireReport(db, viewer, personId);
  // The page of past sessions reads the team pages' `page`.
  const { page } = readQuery(TeamFilterSchema, args.request);
  const detail = await personDetail(db, member, now, page ?? 1);
  const { withdraw } = readQuery(TeamLinkSchema, args.request);
  const confirmWithdraw =
    withdraw === undefined
      ? null
      : (detail.progress.find((p) => p.assignment?.id === withdraw && p.assignment.status === "open") ?? null);
  // The sign-offs this viewer may undo: an admin any, a manager their own (`sign-off:undo`).
  const undoable = detail.progress
    .map((p) => p.completion)
    .filter((c) => c?.source === "manual")
    .filter((c) => can(viewer, "sign-off:undo", { signedOffById: c?.signedOffById, personId, managesPerson: manages }))
    .map((c) => c!.id);
  const { undo } = ConfirmLinkSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  return {
    now,
    timeZone: viewer.timeZone,
    detail,
    confirmWithdraw,
    undoable,
    confirmUndo: undo !== undefined && undoable.includes(undo) ? undo : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const personId = requireId(args.params, "personId");
  const { db, now } = args.context;
  const { name, manages } = await requireReport(db, viewer, personId);
  const formData = await args.request.formData();

  if (formData.get("intent") === "undo-sign-off") {
    return undo({ ...args.context, request: args.request, viewer, personId, name, manages }, formData);
  }

  if (formData.get("intent") === "withdraw") {
    const submission = parseWithZod(formData, { schema: WithdrawSchema });
    if (submission.status !== "success") {
      return data({ intent: "withdraw" as const, result: submission.reply() }, { status: 400 });
    }
    const result = await withdrawAssignment(db, {
      assignmentId: submission.value.assignmentId,
      personId,
      actorId: viewer.id,
      now,
    });
    if (!result.ok) {
      const formErrors = [withdrawMessage(result.reason)];
      return data({ intent: "withdraw" as const, result: submission.reply({ formErrors }) }, { status: 400 });
    }
    return redirectWithNotice(args.request, `/team/${personId}`, {
      tone: "ok",
      message: `Withdrew "${result.moduleTitle}" from ${result.personName}. The record stays in the audit log.`,
    });
  }

  // A sign-off is asked twice: the first press only shows what it will do (and checks it), the
  // confirmed one makes it.
  const submission = parseWithZod(formData, { schema: SignOffStepSchema });
  if (submission.status !== "success") {
    return data({ intent: "sign-off" as const, result: submission.reply(), signOffStep: null }, { status: 400 });
  }
  const { moduleId, reason, confirm } = submission.value;
  const refuse = (refusal: SignOffRefusal) => {
    const field = signOffRefusalField(refusal);
    const message = [signOffMessage(refusal)];
    const reply = field
      ? submission.reply({ fieldErrors: { [field]: message } })
      : submission.reply({ formErrors: message });
    return data({ intent: "sign-off" as const, result: reply, signOffStep: null }, { status: 400 });
  };
  if (!confirm) {
    const check = await checkSignOff(db, { personId, moduleId, actorId: viewer.id, reason, now });
    if (!check.ok) return refuse(check.reason);
    const step = { moduleId, moduleTitle: check.moduleTitle, expiresAt: check.expiresAt, reason: check.reason };
    return data({ intent: "sign-off" as const, result: submission.reply(), signOffStep: step });
  }
  const result = await signOffManually(db, { personId, moduleId, actorId: viewer.id, reason, now });
  if (!result.ok) return refuse(result.reason);
  const title = await moduleTitle(db, moduleId);
  return redirectWithNotice(args.request, `/team/${personId}`, {
    tone: "ok",
    message: `Signed off "${title}" for ${name}. Your reason is kept on the record.`,
  });
}

/**
 * Undoing a sign-off by hand: an admin any, the manager who made it their own. Without `confirm`
 * it only opens the step that says what will happen.
 */
async function undo(
  input: Pick<ActionFunctionArgs["context"], "db" | "now"> & {
    request: Request;
    viewer: Viewer;
    personId: number;
    name: string;
    manages: boolean;
  },
  formData: FormData,
) {
  const { db, now, request, viewer, personId, name, manages } = input;
  const submission = parseWithZod(formData, { schema: UndoSignOffSchema });
  if (submission.status !== "success") {
    // The step stays open with its message when the sign-off it is about is still named.
    const undoStep = Number(formData.get("completionId")) || null;
    return data({ intent: "undo-sign-off" as const, result: submission.reply(), undoStep }, { status: 400 });
  }
  const { completionId, confirm, reason } = submission.value;
  const refuse = (message: string) =>
    data(
      { intent: "undo-sign-off" as const, result: submission.reply({ formErrors: [message] }), undoStep: null },
      { status: 400 },
    );
  const record = await signOffRecord(db, completionId);
  if (!record || record.personId !== personId) return refuse(undoSignOffMessage({ code: "not_found" }));
  assertPermission(viewer, "sign-off:undo", { signedOffById: record.signedOffById, personId, managesPerson: manages });
  if (!confirm) return data({ intent: "undo-sign-off" as const, result: submission.reply(), undoStep: completionId });
  const result = await undoSignOff(db, { completionId, personId, actorId: viewer.id, reason, now });
  if (!result.ok) return refuse(undoSignOffMessage(result.reason));
  const stillMet = result.update?.change === "created";
  return redirectWithNotice(request, `/team/${personId}`, {
    tone: "ok",
    message: stillMet
      ? `Undid the sign-off of "${result.moduleTitle}" for ${name}. Their attended sessions meet the rule, so it stays complete.`
      : `Undid the sign-off of "${result.moduleTitle}" for ${name}. The undo is kept in the audit log.`,
  });
}

const BOOKING_STATUS: Record<string, { label: string; tone: string }> = {
  booked: { label: "Booked", tone: "ok" },
  waitlisted: { label: "Waitlisted", tone: "warn" },
  attended: { label: "Attended", tone: "ok" },
  no_show: { label: "Did not come", tone: "danger" },
};

export default function TeamPerson() {
  const { now, timeZone, detail, confirmWithdraw, undoable, confirmUndo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const {
    person,
    progress,
    signers,
    upcoming,
    past,
    pastPages,
    suggestions,
    suggestionsTotal,
    suggestionsTotalIsFloor,
  } = detail;
  const firstName = person.name.split(" ")[0];
  const done = progress.filter((p) => isDone(p.standing)).length;
  const open = progress.filter((p) => !isDone(p.standing));
  // Where the rest of the sessions that would count are: the kind they share, when they share one.
  const openKinds = new Set(open.map((p) => p.module.ruleKindId));
  const [onlyKind] = openKinds.size === 1 ? [...openKinds] : [null];
  const findSessionsLink = onlyKind ? `/sessions?kind=${onlyKind}` : "/sessions";
  const [signOffForm, signOffFields] = useForm({
    id: "sign-off",
    lastResult: actionData?.intent === "sign-off" ? actionData.result : undefined,
    constraint: SIGN_OFF_CONSTRAINT,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignOffStepSchema }),
    defaultValue: { moduleId: open[0] ? String(open[0].module.id) : "" },
  });
  const signOffStep = actionData?.intent === "sign-off" ? actionData.signOffStep : null;
  const signOffItem = signOffStep ? progress.find((p) => p.module.id === signOffStep.moduleId) : undefined;
  // The undo step opens from its link (`?undo=`) or stays open when its form came back.
  const undoId = actionData?.intent === "undo-sign-off" ? actionData.undoStep : confirmUndo;
  const undoItem =
    undoId !== null && undoable.includes(undoId) ? progress.find((p) => p.completion?.id === undoId) : undefined;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/team">Team</Link>
          </p>
          <h1>{person.name}</h1>
          <p className="lead">
            {[person.title, person.departmentName].filter(Boolean).join(" · ")}
            {person.managerName ? ` · reports to ${person.managerName}` : ""}
          </p>
          {person.timeZone !== timeZone ? (
            <p className="small muted">
              {firstName} works in {person.timeZone}; times on this page are in yours ({timeZone}).
            </p>
          ) : null}
          {!person.active ? <p className="badge badge-warn">No longer active</p> : null}
        </div>
        {person.active ? (
          <Link to={`/team/assign?person=${person.id}`} className="button">
            Assign a module
          </Link>
        ) : null}
      </div>

      {signOffStep ? (
        <ConfirmStep heading={`Sign off “${signOffStep.moduleTitle}” for ${firstName}?`}>
          <ul className="consequences">
            <li>
              It counts as done from today
              {signOffStep.expiresAt === null ? "" : `, valid until ${formatDay(signOffStep.expiresAt, timeZone)}`},
              without attended sessions.
            </li>
            {signOffItem?.assignment?.status === "open" ? (
              <li>
                {firstName}’s assignment, due {formatDueDay(signOffItem.assignment.dueOn)}, is marked complete.
              </li>
            ) : null}
            <li>
              Your name and reason are kept on the record. An admin can undo the sign-off later, and so can you while{" "}
              {firstName} reports to you.
            </li>
          </ul>
          <p className="confirm-quote">Your reason: “{signOffStep.reason}”</p>
          <p className="small muted">To change the module or the reason, edit them under “Sign off by hand”.</p>
          {/* The form below stays as typed, so the step carries what was checked. */}
          <Form method="post">
            <input type="hidden" name="intent" value="sign-off" />
            <input type="hidden" name="moduleId" value={signOffStep.moduleId} />
            <input type="hidden" name="reason" value={signOffStep.reason} />
            <ConfirmActions
              confirmLabel="Yes, sign it off"
              backTo={`/team/${person.id}`}
              backLabel="Go back"
              busy={busy}
            />
          </Form>
        </ConfirmStep>
      ) : null}

      {undoItem || actionData?.intent === "undo-sign-off" ? (
        <UndoStep
          item={undoItem}
          lastResult={actionData?.intent === "undo-sign-off" ? actionData.result : undefined}
          personId={person.id}
          firstName={firstName}
          signers={signers}
          now={now}
          timeZone={timeZone}
          busy={busy}
        />
      ) : null}

      {confirmWithdraw || actionData?.intent === "withdraw" ? (
        <WithdrawStep
          item={confirmWithdraw}
          lastResult={actionData?.intent === "withdraw" ? actionData.result : undefined}
          personId={person.id}
          firstName={firstName}
          busy={busy}
        />
      ) : null}

      <section className="card" aria-labelledby="training-heading" style={{ marginBottom: "1.25rem" }}>
        <div className="card-header">
          <h2 id="training-heading">Training</h2>
          {progress.length > 0 ? (
            <span className="small muted">
              {done} of {progress.length} done
            </span>
          ) : null}
        </div>
        {progress.length === 0 ? (
          <div className="empty">
            <strong>No modules to complete</strong>
            <p>
              {firstName} has nothing assigned and no core module applies.{" "}
              {person.active ? <Link to={`/team/assign?person=${person.id}`}>Assign a module</Link> : null}
            </p>
          </div>
        ) : (
          <>
            <div className="meter" role="img" aria-label={`${done} of ${progress.length} modules done`}>
              <span style={{ width: `${Math.round((done / progress.length) * 100)}%` }} />
            </div>
            <ul className="list team-module-list">
              {progress.map((item) => {
                const tone = STANDING_TONES[item.standing];
                const completion = item.completion;
                return (
                  <li key={item.module.id}>
                    <div className="row">
                      <h3 className="item-title team-module-title">{item.module.title}</h3>
                      <span className={`badge badge-${tone}`}>{item.standingLabel}</span>
                      {item.module.core ? <span className="badge badge-brand">Core</span> : null}
                    </div>
                    <dl className="team-facts">
                      <div>
                        <dt>Rule</dt>
                        <dd>{item.rule}</dd>
                      </div>
                      <div>
                        <dt>Due</dt>
                        <dd>
                          {item.assignment
                            ? `${formatDueDay(item.assignment.dueOn)}${isDone(item.standing) ? "" : ` (${relativeDay(item.assignment.dueAt - 1, now, person.timeZone)})`}`
                            : "No due date (core module)"}
                        </dd>
                      </div>
                      <div>
                        <dt>Evidence</dt>
                        <dd>
                          {completion?.source === "manual" ? (
                            <>
                              Signed off by hand
                              {completion.signedOffById
                                ? ` by ${signers[completion.signedOffById] ?? "a manager"}`
                                : ""}{" "}
                              on {formatDay(completion.completedAt, timeZone)}: “{completion.manualReason}”
                            </>
                          ) : (
                            <>
                              {evidenceSoFar(item.evidence)} counted
                              {item.evidence.counted.length > 0
                                ? ` — ${item.evidence.counted
                                    .map((e) => `${e.kindName}, ${formatDay(e.startsAt, timeZone)}`)
                                    .join("; ")}`
                                : ""}
                              {item.evidence.awaitingReflection.length > 0
                                ? `. Waiting for a reflection: ${item.evidence.awaitingReflection
                                    .map((e) => `${e.kindName}, ${formatDay(e.startsAt, timeZone)}`)
                                    .join("; ")}`
                                : ""}
                            </>
                          )}
                        </dd>
                      </div>
                      {completion ? (
                        <div>
                          <dt>Completed</dt>
                          <dd>{formatDay(completion.completedAt, timeZone)}</dd>
                        </div>
                      ) : null}
                      <div>
                        <dt>Expiry</dt>
                        <dd>
                          {item.expiresAt === null
                            ? item.module.validityDays === null
                              ? "Never expires"
                              : "Not held yet"
                            : `${item.expiresAt <= now ? "Expired" : "Valid until"} ${formatDay(item.expiresAt, timeZone)}`}
                        </dd>
                      </div>
                    </dl>
                    {completion?.source === "manual" && undoable.includes(completion.id) ? (
                      <p className="team-actions">
                        <ListLink
                          to={`/team/${person.id}?undo=${completion.id}#confirm`}
                          className="button button-secondary button-small"
                        >
                          Undo sign-off<span className="visually-hidden"> of “{item.module.title}”</span>
                        </ListLink>
                      </p>
                    ) : null}
                    {item.assignment?.status === "open" && person.active ? (
                      <p className="team-actions">
                        <ListLink
                          to={`/team/${person.id}?withdraw=${item.assignment.id}#confirm`}
                          className="button button-secondary button-small"
                        >
                          Withdraw assignment<span className="visually-hidden"> “{item.module.title}”</span>
                        </ListLink>
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>

      <div className="grid grid-2" style={{ marginBottom: "1.25rem" }}>
        <section className="card" aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Upcoming sessions</h2>
          {upcoming.length === 0 ? (
            <div className="empty">
              <strong>Nothing booked</strong>
              <p>Book {firstName} onto one of the sessions suggested below, or let them choose their own.</p>
            </div>
          ) : (
            <ul className="list">
              {upcoming.map((b) => (
                <li key={b.bookingId}>
                  <div className="row">
                    <span className="item-title">
                      {b.kindName} with {b.hostName}
                    </span>
                    {b.sessionStatus === "cancelled" ? (
                      <span className="badge badge-danger">Cancelled by host</span>
                    ) : (
                      <span className={`badge badge-${BOOKING_STATUS[b.status].tone}`}>
                        {BOOKING_STATUS[b.status].label}
                      </span>
                    )}
                  </div>
                  <div className="item-meta">
                    {formatSpan(b.startsAt, b.endsAt, timeZone)} · {relativeDay(b.startsAt, now, timeZone)}
                    {b.source === "manager"
                      ? " · booked by a manager"
                      : b.source === "planner"
                        ? " · booked by the planner"
                        : ""}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="past-heading">
          <h2 id="past-heading">Past sessions and reflections</h2>
          {past.length === 0 ? (
            <div className="empty">
              <strong>No sessions yet</strong>
              <p>Sessions {firstName} went to, and what they wrote afterwards, appear here.</p>
            </div>
          ) : (
            <ul className="list">
              {past.map((b) => (
                <li key={b.bookingId}>
                  <div className="row">
                    <span className="item-title">
                      {b.kindName} with {b.hostName}
                    </span>
                    {b.status === "booked" ? (
                      <span className="badge badge-info">Attendance not confirmed yet</span>
                    ) : (
                      <span className={`badge badge-${BOOKING_STATUS[b.status].tone}`}>
                        {BOOKING_STATUS[b.status].label}
                      </span>
                    )}
                  </div>
                  <div className="item-meta">{formatSpan(b.startsAt, b.endsAt, timeZone)}</div>
                  {b.status === "attended" ? (
                    b.reflection.trim() ? (
                      <blockquote className="team-reflection">{b.reflection}</blockquote>
                    ) : (
                      <p className="small muted">No reflection yet.</p>
                    )
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <Pager
            page={pastPages.page}
            pages={pastPages.pages}
            total={pastPages.total}
            perPage={pastPages.pageSize}
            hrefFor={(page) => `?page=${page}#past-heading`}
            noun={pastPages.total === 1 ? "past session" : "past sessions"}
          />
        </section>
      </div>

      {person.active ? (
        <div className="grid grid-2">
          <section className="card" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">Sessions that would count</h2>
            {suggestions.length === 0 ? (
              <div className="empty">
                <strong>
                  {open.length === 0 ? "Nothing left to count toward" : "No matching sessions in the next four weeks"}
                </strong>
                <p>
                  {open.length === 0
                    ? `${firstName} holds every module asked of them.`
                    : "Hosts publish new sessions every week — look again soon."}
                </p>
              </div>
            ) : (
              <ul className="list">
                {suggestions.map((s) => {
                  const span = formatSpan(s.startsAt, s.endsAt, timeZone);
                  return (
                    <li key={s.sessionId}>
                      <div className="row">
                        <span className="item-title">
                          {s.kindName} with {s.hostName}
                        </span>
                        {s.seated >= s.seats ? (
                          <span className="badge badge-warn">Full — waitlist</span>
                        ) : (
                          <span className="badge badge-ok">
                            {s.seats - s.seated === 1 ? "1 seat left" : `${s.seats - s.seated} seats left`}
                          </span>
                        )}
                      </div>
                      <div className="item-meta">
                        {span} · {s.hostDepartment}
                      </div>
                      <div className="item-meta">Counts toward {s.countsFor.join(", ")}</div>
                      <p className="team-actions">
                        <ListLink
                          to={`/team/book/${s.sessionId}?person=${person.id}`}
                          className="button button-secondary button-small"
                        >
                          Book {firstName}
                          <span className="visually-hidden">
                            {" "}
                            onto {s.kindName} with {s.hostName}, {span}
                          </span>
                        </ListLink>
                      </p>
                    </li>
                  );
                })}
              </ul>
            )}
            {suggestionsTotal > suggestions.length ? (
              <p className="team-more">
                <span className="small muted">
                  The {suggestions.length} soonest of {suggestionsTotal}
                  {suggestionsTotalIsFloor ? " or more" : ""} sessions in the next four weeks that would count.
                </span>{" "}
                <Link to={findSessionsLink} className="button button-secondary button-small">
                  Find all sessions
                </Link>
              </p>
            ) : null}
          </section>

          <section className="card" aria-labelledby="signoff-heading">
            <h2 id="signoff-heading">Sign off by hand</h2>
            <p className="small muted">
              When {firstName} has met a module another way — say, years on the care line — sign it off here. Your name
              and reason are kept on the record.
            </p>
            <FormErrors form={signOffForm} noun="it can be signed off" />
            {open.length === 0 ? (
              <p className="muted">Every module is done — nothing to sign off.</p>
            ) : (
              <Form method="post" className="form" {...getFormProps(signOffForm)}>
                <input type="hidden" name="intent" value="sign-off" />
                <SelectField meta={signOffFields.moduleId} label="Module to sign off">
                  {open.map((item) => (
                    <option key={item.module.id} value={item.module.id}>
                      {item.module.title} ({item.standingLabel.toLowerCase()})
                    </option>
                  ))}
                </SelectField>
                <TextareaField
                  meta={signOffFields.reason}
                  label="Reason"
                  textareaProps={{ maxLength: SIGN_OFF_REASON_MAX }}
                />
                <div>
                  <button type="submit" className="button" disabled={busy}>
                    Sign off
                  </button>
                </div>
              </Form>
            )}
          </section>
        </div>
      ) : null}
    </>
  );
}

type ProgressItem = ReturnType<typeof useLoaderData<typeof loader>>["detail"]["progress"][number];
type LastResult = Parameters<typeof useForm>[0]["lastResult"];

const SIGN_OFF_CONSTRAINT = getZodConstraint(SignOffStepSchema);
const UNDO_CONSTRAINT = getZodConstraint(UndoSignOffSchema);

/**
 * Undoing a sign-off, asked once more: what it changes, and an optional reason. A refusal shows
 * here too, also when the sign-off it named is no longer there to undo.
 */
function UndoStep({
  item,
  lastResult,
  personId,
  firstName,
  signers,
  now,
  timeZone,
  busy,
}: {
  item: ProgressItem | undefined;
  lastResult: LastResult;
  personId: number;
  firstName: string;
  signers: Record<number, string>;
  now: number;
  timeZone: string;
  busy: boolean;
}) {
  const [form, fields] = useForm({
    id: "undo-sign-off",
    lastResult,
    constraint: UNDO_CONSTRAINT,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: UndoSignOffSchema }),
  });
  const completion = item?.completion;
  return (
    <>
      <FormErrors form={form} noun="the sign-off can be undone" />
      {item && completion ? (
        <ConfirmStep heading={`Undo the sign-off of “${item.module.title}”?`}>
          <p className="confirm-quote">
            Signed off
            {completion.signedOffById ? ` by ${signers[completion.signedOffById] ?? "a manager"}` : ""} on{" "}
            {formatDay(completion.completedAt, timeZone)}: “{completion.manualReason}”
          </p>
          <ul className="consequences">
            <li>The completion it made ends. The record stays, marked as undone.</li>
            <li>
              {item.assignment
                ? `${firstName}’s assignment, due ${formatDueDay(item.assignment.dueOn)}, opens again${
                    now >= item.assignment.dueAt ? " as overdue" : ""
                  } — unless sessions ${firstName} attended meet the rule.`
                : `${firstName} holds the module again only once sessions they attend meet the rule.`}
            </li>
            <li>Who undid it, when and why are written to the audit log.</li>
          </ul>
          <Form method="post" className="form" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="undo-sign-off" />
            <input type="hidden" name="completionId" value={completion.id} />
            <TextareaField
              meta={fields.reason}
              label="Why are you undoing it? (optional)"
              hint="Kept with the undo in the audit log."
              rows={3}
              textareaProps={{ maxLength: SIGN_OFF_REASON_MAX }}
            />
            <ConfirmActions
              confirmLabel="Yes, undo the sign-off"
              backTo={`/team/${personId}`}
              backLabel="Go back"
              busy={busy}
            />
          </Form>
        </ConfirmStep>
      ) : null}
    </>
  );
}

/**
 * Withdrawing an assignment, asked once more. A refusal shows here too, also when the assignment
 * it named is no longer open.
 */
function WithdrawStep({
  item,
  lastResult,
  personId,
  firstName,
  busy,
}: {
  item: ProgressItem | null;
  lastResult: LastResult;
  personId: number;
  firstName: string;
  busy: boolean;
}) {
  const [form] = useForm({ id: "withdraw", lastResult });
  const assignment = item?.assignment;
  return (
    <>
      <FormErrors form={form} noun="it can be withdrawn" />
      {item && assignment ? (
        <section className="card notice-warn team-confirm" aria-labelledby="confirm-heading" id="confirm">
          <h2 id="confirm-heading">Withdraw “{item.module.title}”?</h2>
          <p>
            {firstName} will no longer be asked to complete it by {formatDueDay(assignment.dueOn)}. Any sessions they
            attended stay on their record, and the withdrawal is written to the audit log.
          </p>
          <Form method="post" className="row" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="assignmentId" value={assignment.id} />
            <button type="submit" className="button button-danger" disabled={busy}>
              Yes, withdraw it
            </button>
            <Link to={`/team/${personId}`} className="button button-secondary">
              Keep it
            </Link>
          </Form>
        </section>
      ) : null}
    </>
  );
}
