import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth.server";
import { getDb } from "~/db.server";
import { AssignmentBadge } from "~/components/badges";
import { formatDueDay, formatSpan, inZone, relativeDay } from "~/domain/time";
import { assignmentsOf, followUpsOf, upcomingBookingsOf } from "~/models/home.server";

export const meta: MetaFunction = () => [{ title: "Home · Frontline" }];

function greeting(now: number, timeZone: string): string {
  const hour = inZone(now, timeZone).getHours();
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const db = getDb();
  const now = Date.now();
  const [upcoming, followUps, assignments] = await Promise.all([
    upcomingBookingsOf(db, viewer.id, now),
    followUpsOf(db, viewer.id, now),
    assignmentsOf(db, viewer.id),
  ]);
  return {
    now,
    timeZone: viewer.timeZone,
    greeting: `${greeting(now, viewer.timeZone)}, ${viewer.name.split(" ")[0]}`,
    upcoming,
    followUps,
    assignments,
  };
}

export default function Home() {
  const { now, timeZone, greeting, upcoming, followUps, assignments } = useLoaderData<typeof loader>();
  const open = assignments.filter((a) => a.status === "open");
  const done = assignments.length - open.length;
  const overdue = open.filter((a) => a.dueAt <= now).length;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Home</p>
          <h1>{greeting}</h1>
          <p className="lead">
            {upcoming.length === 0
              ? "You have no sessions booked."
              : `You have ${upcoming.length === 1 ? "one session" : `${upcoming.length} sessions`} coming up.`}{" "}
            {open.length === 0
              ? "No training is waiting on you."
              : `${open.length === 1 ? "One module is" : `${open.length} modules are`} still open${overdue ? `, ${overdue} overdue` : ""}.`}
          </p>
        </div>
      </div>

      {followUps.length > 0 ? (
        <section className="card notice-warn" aria-labelledby="followup-heading" style={{ marginBottom: "1.25rem" }}>
          <h2 id="followup-heading">Follow up</h2>
          <p>You went to these sessions. A short reflection helps you remember what you saw — and some modules count a session only once you've written one.</p>
          <ul className="list">
            {followUps.map((f) => (
              <li key={f.bookingId}>
                <span className="item-title">{f.kindName}</span> with {f.hostName}
                <div className="item-meta">{formatSpan(f.startsAt, f.endsAt, timeZone)}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="grid grid-2">
        <section className="card" aria-labelledby="upcoming-heading">
          <div className="card-header">
            <h2 id="upcoming-heading">Your upcoming sessions</h2>
          </div>
          {upcoming.length === 0 ? (
            <div className="empty">
              <strong>Nothing booked yet</strong>
              <p>Pick a sales call, an install or a listen-in that fits your week and book a seat.</p>
            </div>
          ) : (
            <ul className="list">
              {upcoming.map((b) => (
                <li key={b.bookingId}>
                  <div className="row">
                    <span className="item-title">{b.kindName}</span>
                    {b.sessionStatus === "cancelled" ? (
                      <span className="badge badge-danger">Cancelled by host</span>
                    ) : b.status === "waitlisted" ? (
                      <span className="badge badge-warn">Waitlisted</span>
                    ) : (
                      <span className="badge badge-ok">Booked</span>
                    )}
                  </div>
                  <div className="item-meta">
                    {formatSpan(b.startsAt, b.endsAt, timeZone)} · {relativeDay(b.startsAt, now, timeZone)}
                  </div>
                  <div className="item-meta">
                    with {b.hostName}
                    {b.onSite && b.location ? ` · ${b.location}` : b.onSite ? " · on site" : " · remote"}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="training-heading">
          <div className="card-header">
            <h2 id="training-heading">Your training</h2>
            {assignments.length > 0 ? (
              <span className="small muted">
                {done} of {assignments.length} done
              </span>
            ) : null}
          </div>
          {assignments.length === 0 ? (
            <div className="empty">
              <strong>No modules assigned</strong>
              <p>When your manager assigns a service-training module, it appears here with its due date.</p>
            </div>
          ) : (
            <>
              <div className="meter" role="img" aria-label={`${done} of ${assignments.length} modules done`}>
                <span style={{ width: `${Math.round((done / assignments.length) * 100)}%` }} />
              </div>
              <ul className="list" style={{ marginTop: "1rem" }}>
                {assignments.map((a) => (
                  <li key={a.assignmentId}>
                    <div className="row">
                      <span className="item-title">{a.moduleTitle}</span>
                      <AssignmentBadge status={a.status} dueAt={a.dueAt} now={now} />
                    </div>
                    <div className="item-meta">Due {formatDueDay(a.dueOn)}</div>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </>
  );
}
