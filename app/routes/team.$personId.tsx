import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice } from "~/auth.server";
import { FormErrors, SelectField, TextareaField } from "~/components/forms";
import { Pager } from "~/components/pager";
import type { Viewer } from "~/domain/access";
import { isDone, SIGN_OFF_REASON_MAX, signOffMessage } from "~/domain/completion";
import { signOffRefusalField, STANDING_TONES, withdrawMessage } from "~/domain/team";
import { formatDay, formatDueDay, formatSpan, relativeDay } from "~/domain/time";
import type { Db } from "~/db.server";
import { moduleTitle, withdrawAssignment } from "~/models/assignments.server";
import { signOffManually } from "~/models/completion.server";
import { managesPerson } from "~/models/reporting-line.server";
import { personDetail } from "~/models/team-person.server";
import { personName } from "~/models/team.server";
import { assertPermission, notFound, requireId, requirePermission } from "~/permissions.server";
import { readQuery, SignOffSchema, TeamFilterSchema, TeamLinkSchema, WithdrawSchema } from "~/schemas/team";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.detail.person.name ?? "Person"} · Team · Frontline` },
];

/**
 * The person whose page this is, if the viewer may see and change their training: a person who
 * doesn't exist is a 404, someone else's report a 403 with the rule's words. Returns their name.
 */
async function requireReport(db: Db, viewer: Viewer, personId: number): Promise<string> {
  const name = await personName(db, personId);
  if (name === null) throw notFound();
  assertPermission(viewer, "team:manage-person", {
    personId,
    managesPerson: await managesPerson(db, viewer.id, personId),
  });
  return name;
}

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const personId = requireId(args.params, "personId");
  const { db, now } = args.context;
  await requireReport(db, viewer, personId);
  // The page of past sessions reads the team pages' `page`.
  const { page } = readQuery(TeamFilterSchema, args.request);
  const detail = await personDetail(db, personId, now, page ?? 1);
  if (!detail) throw notFound();
  const { withdraw } = readQuery(TeamLinkSchema, args.request);
  const confirmWithdraw =
    withdraw === undefined
      ? null
      : (detail.progress.find((p) => p.assignment?.id === withdraw && p.assignment.status === "open") ?? null);
  return { now, timeZone: viewer.timeZone, detail, confirmWithdraw };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "team:view");
  const personId = requireId(args.params, "personId");
  const { db, now } = args.context;
  const name = await requireReport(db, viewer, personId);
  const formData = await args.request.formData();

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

  const submission = parseWithZod(formData, { schema: SignOffSchema });
  if (submission.status !== "success") {
    return data({ intent: "sign-off" as const, result: submission.reply() }, { status: 400 });
  }
  const { moduleId, reason } = submission.value;
  const result = await signOffManually(db, { personId, moduleId, actorId: viewer.id, reason, now });
  if (!result.ok) {
    const field = signOffRefusalField(result.reason);
    const message = [signOffMessage(result.reason)];
    const reply = field
      ? submission.reply({ fieldErrors: { [field]: message } })
      : submission.reply({ formErrors: message });
    return data({ intent: "sign-off" as const, result: reply }, { status: 400 });
  }
  const title = await moduleTitle(db, moduleId);
  return redirectWithNotice(args.request, `/team/${personId}`, {
    tone: "ok",
    message: `Signed off "${title}" for ${name}. Your reason is kept on the record.`,
  });
}

const BOOKING_STATUS: Record<string, { label: string; tone: string }> = {
  booked: { label: "Booked", tone: "ok" },
  waitlisted: { label: "Waitlisted", tone: "warn" },
  attended: { label: "Attended", tone: "ok" },
  no_show: { label: "Did not come", tone: "danger" },
};

export default function TeamPerson() {
  const { now, timeZone, detail, confirmWithdraw } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { person, progress, signers, upcoming, past, pastPages, suggestions, suggestionsTotal } = detail;
  const firstName = person.name.split(" ")[0];
  const done = progress.filter((p) => isDone(p.standing)).length;
  const open = progress.filter((p) => !isDone(p.standing));
  // Where the rest of the sessions that would count are: the kind they share, when they share one.
  const openKinds = new Set(open.map((p) => p.module.ruleKindId));
  const [onlyKind] = openKinds.size === 1 ? [...openKinds] : [null];
  const findSessionsLink = onlyKind ? `/sessions?kind=${onlyKind}` : "/sessions";
  const [withdrawForm] = useForm({
    id: "withdraw",
    lastResult: actionData?.intent === "withdraw" ? actionData.result : undefined,
  });
  const [signOffForm, signOffFields] = useForm({
    id: "sign-off",
    lastResult: actionData?.intent === "sign-off" ? actionData.result : undefined,
    constraint: getZodConstraint(SignOffSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignOffSchema }),
    defaultValue: { moduleId: open[0] ? String(open[0].module.id) : "" },
  });

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

      <FormErrors form={withdrawForm} noun="it can be withdrawn" />

      {confirmWithdraw?.assignment ? (
        <section className="card notice-warn team-confirm" aria-labelledby="confirm-heading" id="confirm">
          <h2 id="confirm-heading">Withdraw “{confirmWithdraw.module.title}”?</h2>
          <p>
            {firstName} will no longer be asked to complete it by {formatDueDay(confirmWithdraw.assignment.dueOn)}. Any
            sessions they attended stay on their record, and the withdrawal is written to the audit log.
          </p>
          <Form method="post" className="row" {...getFormProps(withdrawForm)}>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="assignmentId" value={confirmWithdraw.assignment.id} />
            <button type="submit" className="button button-danger" disabled={busy}>
              Yes, withdraw it
            </button>
            <Link to={`/team/${person.id}`} className="button button-secondary">
              Keep it
            </Link>
          </Form>
        </section>
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
                              {item.evidence.counted.length} of {item.evidence.required} counted
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
                    {item.assignment?.status === "open" && person.active ? (
                      <p className="team-actions">
                        <Link
                          to={`?withdraw=${item.assignment.id}#confirm`}
                          className="button button-secondary button-small"
                        >
                          Withdraw assignment<span className="visually-hidden"> “{item.module.title}”</span>
                        </Link>
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
                        <Link
                          to={`/team/book/${s.sessionId}?person=${person.id}`}
                          className="button button-secondary button-small"
                        >
                          Book {firstName}
                          <span className="visually-hidden">
                            {" "}
                            onto {s.kindName} with {s.hostName}, {span}
                          </span>
                        </Link>
                      </p>
                    </li>
                  );
                })}
              </ul>
            )}
            {suggestionsTotal > suggestions.length ? (
              <p className="team-more">
                <span className="small muted">
                  The {suggestions.length} soonest of {suggestionsTotal} sessions in the next four weeks that would
                  count.
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
