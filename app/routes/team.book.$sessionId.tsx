import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { redirectWithNotice } from "~/auth.server";
import { FormErrors, SelectField } from "~/components/forms";
import { maySeeCustomer } from "~/domain/access";
import { bookedMessage, refusalMessage } from "~/domain/bookings";
import { can } from "~/domain/permissions";
import { formatSpan, relativeDay } from "~/domain/time";
import { bookSeat } from "~/models/bookings.server";
import { managesPerson } from "~/models/reporting-line.server";
import { bookingPage } from "~/models/team-booking.server";
import { personName } from "~/models/team.server";
import { notFound, requireId, requirePermission } from "~/permissions.server";
import { BookReportSchema, readQuery, TeamLinkSchema } from "~/schemas/team";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Book a report: ${data?.session.kindName ?? "session"} · Frontline` },
];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "team:book-others");
  const sessionId = requireId(args.params, "sessionId");
  const { db, now } = args.context;
  // A person named in the link is offered too when the viewer may manage them (an admin: anyone).
  const named = readQuery(TeamLinkSchema, args.request).person ?? null;
  const mayBookNamed =
    named !== null &&
    can(viewer, "team:manage-person", { personId: named, managesPerson: await managesPerson(db, viewer.id, named) });
  const page = await bookingPage(db, viewer, sessionId, { alsoPersonId: mayBookNamed ? named : null, now });
  if (!page) throw notFound();
  const { session } = page;
  return {
    now,
    timeZone: viewer.timeZone,
    session: {
      ...session,
      customerName: maySeeCustomer(viewer, session, false) ? session.customerName : "",
    },
    candidates: page.candidates,
    preselected: named,
    // Shown up front so nobody fills in a form that can only be refused; booking itself decides again.
    closed:
      session.status === "cancelled"
        ? refusalMessage({ code: "session_cancelled" }, { timeZone: viewer.timeZone })
        : session.startsAt <= now
          ? refusalMessage({ code: "session_started" }, { timeZone: viewer.timeZone })
          : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "team:book-others");
  const sessionId = requireId(args.params, "sessionId");
  const { db, now } = args.context;
  const submission = parseWithZod(await args.request.formData(), { schema: BookReportSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });

  const { personId } = submission.value;
  const name = (await personName(db, personId)) ?? undefined;
  const result = await bookSeat(db, { sessionId, personId, actorId: viewer.id, source: "manager", now });
  if (!result.ok) {
    const message = refusalMessage(result.reason, { timeZone: viewer.timeZone, personName: name });
    return data({ result: submission.reply({ formErrors: [message] }) }, { status: 400 });
  }
  return redirectWithNotice(args.request, `/team/${personId}`, {
    tone: result.status === "booked" ? "ok" : "info",
    message: bookedMessage(result, name),
  });
}

export default function BookReport() {
  const { now, timeZone, session, candidates, preselected, closed } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: "book-report",
    lastResult: actionData?.result,
    constraint: getZodConstraint(BookReportSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BookReportSchema }),
    defaultValue: { personId: preselected !== null ? String(preselected) : "" },
  });
  const free = Math.max(0, session.seats - session.seated);

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/team">Team</Link> · Book a report
          </p>
          <h1>
            {session.kindName} with {session.hostName}
          </h1>
          <p className="lead">
            {formatSpan(session.startsAt, session.endsAt, timeZone)} · {relativeDay(session.startsAt, now, timeZone)}
          </p>
        </div>
      </div>

      <div className="grid grid-2">
        <section className="card" aria-labelledby="session-heading">
          <h2 id="session-heading">The session</h2>
          <dl className="team-facts">
            <div>
              <dt>Host</dt>
              <dd>
                {session.hostName}, {session.hostDepartmentName}
              </dd>
            </div>
            <div>
              <dt>Where</dt>
              <dd>
                {session.onSite
                  ? session.location || "On site (address from the host)"
                  : "Remote — the link comes with the invite"}
              </dd>
            </div>
            {session.customerConfidential || session.customerName ? (
              <div>
                <dt>Customer</dt>
                <dd>{session.customerName || "Confidential customer"}</dd>
              </div>
            ) : null}
            <div>
              <dt>Seats</dt>
              <dd>
                {session.status === "cancelled" ? (
                  <span className="badge badge-danger">Cancelled by host</span>
                ) : free > 0 ? (
                  <span className="badge badge-ok">{free === 1 ? "1 seat left" : `${free} seats left`}</span>
                ) : (
                  <span className="badge badge-warn">
                    Full{session.waitlisted > 0 ? ` — ${session.waitlisted} waiting` : ""}
                  </span>
                )}{" "}
                {session.seated} of {session.seats} taken
              </dd>
            </div>
            {session.departmentCap !== null ? (
              <div>
                <dt>Limit</dt>
                <dd>
                  At most {session.departmentCap} {session.departmentCap === 1 ? "person" : "people"} from one
                  department
                </dd>
              </div>
            ) : null}
          </dl>
          {session.notes ? <p className="small muted team-session-notes">{session.notes}</p> : null}
        </section>

        <section className="card" aria-labelledby="book-heading">
          <h2 id="book-heading">Who should go</h2>
          <FormErrors form={form} noun="anyone is booked" />
          {closed ? (
            <div className="empty">
              <strong>Bookings are closed</strong>
              <p>
                {closed} <Link to="/team">Back to your team</Link>.
              </p>
            </div>
          ) : candidates.length === 0 ? (
            <div className="empty">
              <strong>Nobody to book</strong>
              <p>
                Nobody reports to you. Open a person's page from <Link to="/team">Team</Link> to book them onto a
                session.
              </p>
            </div>
          ) : (
            <Form method="post" className="form" {...getFormProps(form)}>
              <SelectField
                meta={fields.personId}
                label="Person"
                hint="They are sent the invitation by e-mail. If the session is full, they join the waitlist in order and are told their place."
              >
                <option value="">Choose who to book…</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.alreadyOn
                      ? " — already on this session"
                      : c.countsFor.length > 0
                        ? ` — counts toward ${c.countsFor.join(", ")}`
                        : ""}
                  </option>
                ))}
              </SelectField>
              <div className="row">
                <button type="submit" className="button" disabled={busy}>
                  {busy ? "Booking…" : "Book seat"}
                </button>
                <Link to="/team" className="button button-secondary">
                  Cancel
                </Link>
              </div>
            </Form>
          )}
        </section>
      </div>
    </>
  );
}
