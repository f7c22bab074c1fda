import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { FieldError, fieldProps } from "~/components/forms";
import { getDb } from "~/db.server";
import { maySeeCustomer } from "~/domain/access";
import { bookedMessage, refusalMessage } from "~/domain/bookings";
import { formatSpan, relativeDay } from "~/domain/time";
import { parseForm, type FieldErrors } from "~/forms";
import { bookSeat } from "~/models/bookings.server";
import { bookingPage, personName } from "~/models/team.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Book a report: ${data?.session.kindName ?? "session"} · Frontline` },
];

function idOf(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "manager", "admin");
  const sessionId = idOf(params.sessionId);
  if (sessionId === null) throw new Response("Not found", { status: 404 });
  const now = Date.now();
  const page = await bookingPage(getDb(), viewer, sessionId, {
    personId: idOf(new URL(request.url).searchParams.get("person")),
    now,
  });
  if (!page) throw new Response("Not found", { status: 404 });
  const { session } = page;
  return {
    now,
    timeZone: viewer.timeZone,
    session: {
      ...session,
      customerName: maySeeCustomer(viewer, session, false) ? session.customerName : "",
    },
    candidates: page.candidates,
    preselected: idOf(new URL(request.url).searchParams.get("person")),
  };
}

const BookForm = z.object({
  personId: z.string().trim().regex(/^\d{1,9}$/, "Choose who to book.").transform(Number),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "manager", "admin");
  const sessionId = idOf(params.sessionId);
  if (sessionId === null) throw new Response("Not found", { status: 404 });
  const parsed = parseForm(BookForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });

  const db = getDb();
  const { personId } = parsed.data;
  const name = (await personName(db, personId)) ?? undefined;
  const result = await bookSeat(db, { sessionId, personId, actorId: viewer.id, source: "manager", now: Date.now() });
  if (!result.ok) {
    const message = refusalMessage(result.reason, { timeZone: viewer.timeZone, personName: name });
    return data({ errors: { form: [message] } as FieldErrors, values: parsed.values }, { status: 400 });
  }
  return redirectWithNotice(request, `/team/${personId}`, {
    tone: result.status === "booked" ? "ok" : "info",
    message: bookedMessage(result, name),
  });
}

export default function BookReport() {
  const { now, timeZone, session, candidates, preselected } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: FieldErrors = actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const busy = navigation.state === "submitting";
  const free = Math.max(0, session.seats - session.seated);
  // Shown up front so nobody fills in a form that can only be refused; booking itself decides again.
  const closed = session.status === "cancelled" ? "session_cancelled" : session.startsAt <= now ? "session_started" : null;

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
              <dd>{session.onSite ? session.location || "On site (address from the host)" : "Remote — the link comes with the invite"}</dd>
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
                  <span className="badge badge-warn">Full{session.waitlisted > 0 ? ` — ${session.waitlisted} waiting` : ""}</span>
                )}{" "}
                {session.seated} of {session.seats} taken
              </dd>
            </div>
            {session.departmentCap !== null ? (
              <div>
                <dt>Limit</dt>
                <dd>
                  At most {session.departmentCap} {session.departmentCap === 1 ? "person" : "people"} from one department
                </dd>
              </div>
            ) : null}
          </dl>
          {session.notes ? <p className="small muted team-session-notes">{session.notes}</p> : null}
        </section>

        <section className="card" aria-labelledby="book-heading">
          <h2 id="book-heading">Who should go</h2>
          {errors.form?.length ? (
            <div className="notice notice-error" role="alert">
              <p>{errors.form[0]}</p>
            </div>
          ) : null}
          {closed ? (
            <div className="empty">
              <strong>Bookings are closed</strong>
              <p>
                {refusalMessage({ code: closed }, { timeZone })} <Link to="/team">Back to your team</Link>.
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
            <Form method="post" className="form" noValidate>
              <div className="field">
                <label htmlFor="personId">Person</label>
                <select
                  {...fieldProps("personId", errors.personId)}
                  defaultValue={values.personId ?? (preselected !== null ? String(preselected) : "")}
                >
                  <option value="">Choose who to book…</option>
                  {candidates.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                      {c.alreadyOn ? " — already on this session" : c.countsFor.length > 0 ? ` — counts toward ${c.countsFor.join(", ")}` : ""}
                    </option>
                  ))}
                </select>
                <span className="hint">
                  The booking goes into their calendar. If the session is full, they join the waitlist in order.
                </span>
                <FieldError name="personId" errors={errors.personId} />
              </div>
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
