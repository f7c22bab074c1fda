import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { redirectWithNotice, requireUser } from "~/auth.server";
import { FieldError, fieldProps } from "~/components/forms";
import { Guide } from "~/components/guide";
import { getDb } from "~/db.server";
import {
  bookedMessage,
  cancelRefusalMessage,
  REFLECTION_MAX,
  reflectionMessage,
  refusalMessage,
} from "~/domain/bookings";
import { formatDateTime, formatSpan, relativeDay, zoneLabel } from "~/domain/time";
import { parseForm } from "~/forms";
import { bookSeat, cancelBooking, saveReflection } from "~/models/bookings.server";
import { sessionPage } from "~/models/sessions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.kind.name} with ${data.session.host.name} · Frontline` : "Session · Frontline" },
];

const SessionId = z.coerce.number().int().positive();

async function loadSession(request: Request, idParam: string | undefined) {
  const viewer = await requireUser(request);
  const id = SessionId.safeParse(idParam);
  const session = id.success ? await sessionPage(getDb(), viewer, id.data) : null;
  if (!session) throw new Response("No such session.", { status: 404 });
  return { viewer, session };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, session } = await loadSession(request, params.id);
  const now = Date.now();
  return {
    now,
    session,
    timeZone: viewer.timeZone,
    zoneName: zoneLabel(session.startsAt, viewer.timeZone),
    viewer: { id: viewer.id, isManager: viewer.isManager, isAdmin: viewer.isAdmin, departmentId: viewer.departmentId },
  };
}

const Reflection = z.object({
  reflection: z
    .string()
    .trim()
    .min(1, "Write a sentence or two about what you saw.")
    .max(REFLECTION_MAX, `Keep it under ${REFLECTION_MAX} characters.`),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, session } = await loadSession(request, params.id);
  const db = getDb();
  const now = Date.now();
  const form = await request.formData();
  const intent = form.get("intent");
  const here = `/sessions/${session.id}`;

  if (intent === "book") {
    const result = await bookSeat(db, {
      sessionId: session.id,
      personId: viewer.id,
      actorId: viewer.id,
      source: "self",
      now,
    });
    if (!result.ok) {
      return data({ intent, error: refusalMessage(result.reason, { timeZone: viewer.timeZone }), errors: {}, values: {} }, { status: 400 });
    }
    return redirectWithNotice(request, here, {
      tone: result.status === "booked" ? "ok" : "info",
      message: bookedMessage({ status: result.status, place: result.place }),
    });
  }

  if (intent === "cancel") {
    const bookingId = session.myBooking?.id;
    if (!bookingId || session.myBooking?.status === "cancelled") {
      return data({ intent, error: "You have no booking on this session to cancel.", errors: {}, values: {} }, { status: 400 });
    }
    const result = await cancelBooking(db, { bookingId, actorId: viewer.id, now });
    if (!result.ok) {
      return data({ intent, error: cancelRefusalMessage(result.reason), errors: {}, values: {} }, { status: 400 });
    }
    const wasWaiting = session.myBooking?.status === "waitlisted";
    return redirectWithNotice(request, here, {
      tone: "ok",
      message: wasWaiting
        ? "You've left the waitlist."
        : "Your seat is cancelled. Thanks for letting the next person have it.",
    });
  }

  if (intent === "reflect") {
    const bookingId = session.myBooking?.id;
    const parsed = parseForm(Reflection, form);
    if (!parsed.ok) return data({ intent, error: null, errors: parsed.errors, values: parsed.values }, { status: 400 });
    if (!bookingId) {
      return data({ intent, error: "You can write a reflection once you've attended this session.", errors: {}, values: parsed.values }, { status: 400 });
    }
    const result = await saveReflection(db, { bookingId, personId: viewer.id, text: parsed.data.reflection, now });
    if (!result.ok) {
      return data({ intent, error: reflectionMessage(result.reason), errors: {}, values: parsed.values }, { status: 400 });
    }
    return redirectWithNotice(request, here, { tone: "ok", message: "Your reflection is saved." });
  }

  return data({ intent: null, error: "That action isn't available here.", errors: {}, values: {} }, { status: 400 });
}

export default function SessionPage() {
  const { now, session, timeZone, zoneName, viewer } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const mine = session.myBooking;
  const live = mine && mine.status !== "cancelled";
  const started = session.startsAt <= now;
  const cancelled = session.status === "cancelled";
  const isHost = session.host.id === viewer.id;
  const reflectionErrors: Partial<Record<string, string[]>> =
    actionData?.intent === "reflect" ? (actionData.errors as Partial<Record<string, string[]>>) : {};

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/sessions">Find sessions</Link> / {session.kind.onSite ? "On site" : "Remote"}
          </p>
          <h1>
            {session.kind.name} with {session.host.name}
          </h1>
          <p className="lead">
            {formatSpan(session.startsAt, session.endsAt, timeZone)} ({zoneName}) ·{" "}
            {started ? (session.endsAt <= now ? "took place" : "under way") : relativeDay(session.startsAt, now, timeZone)}
          </p>
        </div>
        <div className="row">
          {isHost || viewer.isAdmin ? (
            <Link to={`/hosting/sessions/${session.id}`} className="button button-secondary">
              Manage this session
            </Link>
          ) : null}
          {viewer.isManager && !cancelled && !started ? (
            <Link to={`/team/book/${session.id}`} className="button button-secondary">
              Book someone from my team
            </Link>
          ) : null}
        </div>
      </div>

      {cancelled ? (
        <div className="notice notice-error" role="status">
          <p>
            <strong>This session was cancelled by the host.</strong>
            {session.cancelReason ? ` “${session.cancelReason}”` : ""} Your calendar will show it as cancelled.
          </p>
        </div>
      ) : null}

      {actionData?.error ? (
        <div className="notice notice-error" role="alert">
          <p>{actionData.error}</p>
        </div>
      ) : null}

      <div className="grid grid-2">
        <div className="stack">
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <dl className="session-facts">
              <dt>When</dt>
              <dd>{formatSpan(session.startsAt, session.endsAt, timeZone)}</dd>
              <dt>Host</dt>
              <dd>
                {session.host.name}
                {session.host.title ? `, ${session.host.title}` : ""} ({session.host.departmentName})
              </dd>
              {session.kind.onSite ? (
                <>
                  <dt>Where</dt>
                  <dd>{session.location || "On site — the host will tell you where."}</dd>
                </>
              ) : (
                <>
                  <dt>Join</dt>
                  <dd>
                    {session.meetingUrl ? (
                      live && !cancelled ? (
                        <a href={session.meetingUrl}>{session.meetingUrl}</a>
                      ) : (
                        "The meeting link is shown once you have a seat."
                      )
                    ) : (
                      "Remote — the host will send the link."
                    )}
                  </dd>
                </>
              )}
              {session.customer ? (
                <>
                  <dt>Customer</dt>
                  <dd>{session.customer}</dd>
                </>
              ) : null}
              <dt>Seats</dt>
              <dd>
                {session.seatsLeft} of {session.seats} free
                {session.waitlisted ? ` · ${session.waitlisted} on the waitlist` : ""}
                {session.departmentCap
                  ? ` · at most ${session.departmentCap} from one department`
                  : ""}
              </dd>
            </dl>
            {session.notes ? (
              <>
                <h3 className="section-title">Notes from the host</h3>
                <Guide text={session.notes} />
              </>
            ) : null}
          </section>

          <section className="card" aria-labelledby="coming-heading">
            <h2 id="coming-heading">Who is coming</h2>
            {session.coming.length === 0 ? (
              <p className="muted">Nobody has booked yet — be the first.</p>
            ) : (
              <ul className="people-chips">
                {session.coming.map((p, i) => (
                  <li key={i}>
                    {p.name} · <span className="muted">{p.departmentName}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <div className="stack">
          <section className="card action-panel" aria-labelledby="seat-heading">
            <h2 id="seat-heading">Your seat</h2>
            <SeatPanel
              mine={mine}
              started={started}
              cancelled={cancelled}
              isHost={isHost}
              seatsLeft={session.seatsLeft}
              busy={busy}
            />
            {mine?.status === "cancelled" ? (
              <p className="small">
                Your earlier booking was cancelled.{" "}
                <a href={`/bookings/${mine.id}/invite.ics`}>Download cancellation (.ics)</a> to take it off your calendar.
              </p>
            ) : null}
          </section>

          {mine?.status === "attended" ? (
            <section className="card" aria-labelledby="reflection-heading" id="reflection">
              <h2 id="reflection-heading">Your reflection</h2>
              <p className="muted small">
                What did you see and hear? What surprised you, and what will you do differently in your own work? Only
                you, the host and your managers can read it.
              </p>
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="reflect" />
                <div className="field">
                  <label htmlFor="reflection">Reflection</label>
                  <textarea
                    {...fieldProps("reflection", reflectionErrors.reflection)}
                    maxLength={REFLECTION_MAX}
                    defaultValue={actionData?.intent === "reflect" ? (actionData.values as Record<string, string>).reflection : mine.reflection}
                  />
                  <FieldError name="reflection" errors={reflectionErrors.reflection} />
                  {mine.reflectedAt ? (
                    <p className="hint">First written {formatDateTime(mine.reflectedAt, timeZone)}.</p>
                  ) : null}
                </div>
                <div>
                  <button type="submit" className="button" disabled={busy}>
                    {mine.reflection ? "Update reflection" : "Save reflection"}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}

          {session.modules.length > 0 ? (
            <section className="card" aria-labelledby="guide-heading">
              <h2 id="guide-heading">What to watch for</h2>
              {session.modules.map((m) => (
                <details key={m.id} className="module-guide" open={m === session.modules[0]}>
                  <summary>
                    <span className="item-title">{m.title}</span>
                    {m.reflectionRequired ? <span className="badge">Reflection needed</span> : null}
                  </summary>
                  {m.summary ? <p className="muted">{m.summary}</p> : null}
                  <Guide text={m.guide} />
                </details>
              ))}
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}

function SeatPanel({
  mine,
  started,
  cancelled,
  isHost,
  seatsLeft,
  busy,
}: {
  mine: ReturnType<typeof useLoaderData<typeof loader>>["session"]["myBooking"];
  started: boolean;
  cancelled: boolean;
  isHost: boolean;
  seatsLeft: number;
  busy: boolean;
}) {
  if (isHost) return <p>You host this session.</p>;
  if (mine && mine.status !== "cancelled") {
    const byManager = mine.source !== "self" ? " Your manager booked it for you." : "";
    const text: Record<string, string> = {
      booked: `You have a seat.${byManager}`,
      waitlisted: `You're number ${mine.place ?? "?"} on the waitlist. If a seat frees up, you move up automatically and your calendar is updated.`,
      attended: "You attended this session.",
      no_show: "The host marked you as not attending.",
    };
    return (
      <>
        <p>
          <span className={`badge ${mine.status === "booked" || mine.status === "attended" ? "badge-ok" : "badge-warn"}`}>
            {{ booked: "Booked", waitlisted: "Waitlisted", attended: "Attended", no_show: "No-show" }[mine.status] ?? mine.status}
          </span>
        </p>
        <p>{cancelled ? "The host cancelled this session, so you don't need to do anything." : text[mine.status]}</p>
        {cancelled ? (
          <p>
            <a href={`/bookings/${mine.id}/invite.ics`} className="button button-secondary">
              Download cancellation (.ics)
            </a>
          </p>
        ) : mine.status === "booked" || mine.status === "waitlisted" || mine.status === "attended" ? (
          <p>
            <a href={`/bookings/${mine.id}/invite.ics`} className="button button-secondary">
              Add to calendar (.ics)
            </a>
          </p>
        ) : null}
        {!started && !cancelled && (mine.status === "booked" || mine.status === "waitlisted") ? (
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button button-danger" disabled={busy}>
              {mine.status === "waitlisted" ? "Leave the waitlist" : "Cancel my seat"}
            </button>
          </Form>
        ) : null}
      </>
    );
  }
  if (cancelled) return <p>This session was cancelled, so it can't be booked.</p>;
  if (started) return <p>This session has started, so bookings are closed.</p>;
  return (
    <>
      <p>
        {seatsLeft > 0
          ? `${seatsLeft} ${seatsLeft === 1 ? "seat is" : "seats are"} free. Booking adds it to your calendar.`
          : "Every seat is taken. Join the waitlist and you'll move up automatically if someone cancels."}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="book" />
        <button type="submit" className="button" disabled={busy}>
          {seatsLeft > 0 ? "Book a seat" : "Join the waitlist"}
        </button>
      </Form>
    </>
  );
}
