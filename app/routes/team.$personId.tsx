import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { FieldError, fieldProps } from "~/components/forms";
import { getDb } from "~/db.server";
import { isDone, SIGN_OFF_REASON_MAX, signOffMessage, type SignOffRefusal } from "~/domain/completion";
import { STANDING_TONES, withdrawMessage } from "~/domain/team";
import { formatDay, formatDueDay, formatSpan, relativeDay } from "~/domain/time";
import { parseForm, type FieldErrors } from "~/forms";
import { signOffManually } from "~/models/completion.server";
import { mayManage, moduleTitle, personDetail, personName, withdrawAssignment } from "~/models/team.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.detail.person.name ?? "Person"} · Team · Frontline` },
];

function personIdOf(param: string | undefined): number {
  if (!param || !/^\d{1,9}$/.test(param)) throw new Response("Not found", { status: 404 });
  return Number(param);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "manager", "admin");
  const personId = personIdOf(params.personId);
  const db = getDb();
  const now = Date.now();
  const detail = await personDetail(db, personId, now);
  if (!detail) throw new Response("Not found", { status: 404 });
  if (!(await mayManage(db, viewer, personId))) {
    throw new Response("You don't have access to this page.", { status: 403 });
  }
  const withdrawId = Number(new URL(request.url).searchParams.get("withdraw"));
  const confirmWithdraw =
    detail.progress.find((p) => p.assignment?.id === withdrawId && p.assignment.status === "open") ?? null;
  return { now, timeZone: viewer.timeZone, viewerId: viewer.id, detail, confirmWithdraw };
}

const SignOffForm = z.object({
  intent: z.literal("sign-off"),
  moduleId: z.string().trim().regex(/^\d{1,9}$/, "Choose the module to sign off.").transform(Number),
  reason: z.string().default(""),
});

const WithdrawForm = z.object({
  intent: z.literal("withdraw"),
  assignmentId: z.string().trim().regex(/^\d{1,9}$/, "Choose the assignment to withdraw.").transform(Number),
});

function signOffField(reason: SignOffRefusal): "reason" | "moduleId" | "form" {
  switch (reason.code) {
    case "reason_missing":
    case "reason_too_long":
      return "reason";
    case "module_not_found":
    case "module_inactive":
    case "already_complete":
      return "moduleId";
    default:
      return "form";
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "manager", "admin");
  const personId = personIdOf(params.personId);
  const db = getDb();
  if (!(await mayManage(db, viewer, personId))) {
    throw new Response("You don't have access to this page.", { status: 403 });
  }
  const formData = await request.formData();
  const now = Date.now();

  if (formData.get("intent") === "withdraw") {
    const parsed = parseForm(WithdrawForm, formData);
    if (!parsed.ok) return data({ intent: "withdraw", errors: parsed.errors, values: parsed.values }, { status: 400 });
    const result = await withdrawAssignment(db, {
      assignmentId: parsed.data.assignmentId,
      personId,
      actorId: viewer.id,
      now,
    });
    if (!result.ok) {
      const errors: FieldErrors = { form: [withdrawMessage(result.reason)] };
      return data({ intent: "withdraw", errors, values: parsed.values }, { status: 400 });
    }
    return redirectWithNotice(request, `/team/${personId}`, {
      tone: "ok",
      message: `Withdrew "${result.moduleTitle}" from ${result.personName}. The record stays in the audit log.`,
    });
  }

  const parsed = parseForm(SignOffForm, formData);
  if (!parsed.ok) return data({ intent: "sign-off", errors: parsed.errors, values: parsed.values }, { status: 400 });
  const result = await signOffManually(db, {
    personId,
    moduleId: parsed.data.moduleId,
    actorId: viewer.id,
    reason: parsed.data.reason,
    now,
  });
  if (!result.ok) {
    const errors: FieldErrors = { [signOffField(result.reason)]: [signOffMessage(result.reason)] };
    return data({ intent: "sign-off", errors, values: parsed.values }, { status: 400 });
  }
  const [title, name] = await Promise.all([moduleTitle(db, parsed.data.moduleId), personName(db, personId)]);
  return redirectWithNotice(request, `/team/${personId}`, {
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
  const { now, timeZone, viewerId, detail, confirmWithdraw } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { person, progress, signers, upcoming, past, suggestions } = detail;
  const firstName = person.name.split(" ")[0];
  const done = progress.filter((p) => isDone(p.standing)).length;
  const open = progress.filter((p) => !isDone(p.standing));
  const signOffErrors: FieldErrors = actionData?.intent === "sign-off" ? actionData.errors : {};
  const signOffValues: Record<string, string> = actionData?.intent === "sign-off" ? actionData.values : {};
  const withdrawError = actionData?.intent === "withdraw" ? actionData.errors.form?.[0] : undefined;
  const busy = navigation.state === "submitting";
  const isSelf = person.id === viewerId;

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
        {person.active && !isSelf ? (
          <Link to={`/team/assign?person=${person.id}`} className="button">
            Assign a module
          </Link>
        ) : null}
      </div>

      {withdrawError ? (
        <div className="notice notice-error" role="alert">
          <p>{withdrawError}</p>
        </div>
      ) : null}

      {confirmWithdraw?.assignment ? (
        <section className="card notice-warn team-confirm" aria-labelledby="confirm-heading" id="confirm">
          <h2 id="confirm-heading">Withdraw “{confirmWithdraw.module.title}”?</h2>
          <p>
            {firstName} will no longer be asked to complete it by {formatDueDay(confirmWithdraw.assignment.dueOn)}. Any
            sessions they attended stay on their record, and the withdrawal is written to the audit log.
          </p>
          <Form method="post" className="row">
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
              {person.active && !isSelf ? <Link to={`/team/assign?person=${person.id}`}>Assign a module</Link> : null}
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
                              {completion.signedOffById ? ` by ${signers[completion.signedOffById] ?? "a manager"}` : ""}{" "}
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
                    {b.source === "manager" ? " · booked by a manager" : b.source === "planner" ? " · booked by the planner" : ""}
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
        </section>
      </div>

      {person.active && !isSelf ? (
        <div className="grid grid-2">
          <section className="card" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">Sessions that would count</h2>
            {suggestions.length === 0 ? (
              <div className="empty">
                <strong>{open.length === 0 ? "Nothing left to count toward" : "No matching sessions in the next four weeks"}</strong>
                <p>
                  {open.length === 0
                    ? `${firstName} holds every module asked of them.`
                    : "Hosts publish new sessions every week — look again soon."}
                </p>
              </div>
            ) : (
              <ul className="list">
                {suggestions.map((s) => (
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
                      {formatSpan(s.startsAt, s.endsAt, timeZone)} · {s.hostDepartment}
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
                          onto {s.kindName} with {s.hostName}, {formatSpan(s.startsAt, s.endsAt, timeZone)}
                        </span>
                      </Link>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="signoff-heading">
            <h2 id="signoff-heading">Sign off by hand</h2>
            <p className="small muted">
              When {firstName} has met a module another way — say, years on the care line — sign it off here. Your
              name and reason are kept on the record.
            </p>
            {signOffErrors.form?.length ? (
              <div className="notice notice-error" role="alert">
                <p>{signOffErrors.form[0]}</p>
              </div>
            ) : null}
            {open.length === 0 ? (
              <p className="muted">Every module is done — nothing to sign off.</p>
            ) : (
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="sign-off" />
                <div className="field">
                  <label htmlFor="moduleId">Module to sign off</label>
                  <select
                    {...fieldProps("moduleId", signOffErrors.moduleId)}
                    defaultValue={signOffValues.moduleId ?? String(open[0].module.id)}
                  >
                    {open.map((item) => (
                      <option key={item.module.id} value={item.module.id}>
                        {item.module.title} ({item.standingLabel.toLowerCase()})
                      </option>
                    ))}
                  </select>
                  <FieldError name="moduleId" errors={signOffErrors.moduleId} />
                </div>
                <div className="field">
                  <label htmlFor="reason">Reason</label>
                  <textarea
                    maxLength={SIGN_OFF_REASON_MAX}
                    defaultValue={signOffValues.reason ?? ""}
                    {...fieldProps("reason", signOffErrors.reason)}
                  />
                  <FieldError name="reason" errors={signOffErrors.reason} />
                </div>
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
