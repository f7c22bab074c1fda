import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StandingBadge } from "~/components/badges";
import { ErrorPage } from "~/components/error-page";
import { isDone } from "~/domain/completion";
import { formatDay, formatDueDay, formatSpan, inZone, relativeDay } from "~/domain/time";
import { progressFor } from "~/models/completion.server";
import { followUpsOf, upcomingBookingsOf } from "~/models/home.server";
import { requirePermission } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "Home · Frontline" }];

function greeting(now: number, timeZone: string): string {
  const hour = inZone(now, timeZone).getHours();
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "progress:own");
  const { db, now } = args.context;
  const [upcoming, followUps, progress] = await Promise.all([
    upcomingBookingsOf(db, viewer.id, now),
    followUpsOf(db, viewer.id, now),
    progressFor(db, viewer.id, now),
  ]);
  return {
    now,
    timeZone: viewer.timeZone,
    greeting: `${greeting(now, viewer.timeZone)}, ${viewer.name.split(" ")[0]}`,
    upcoming,
    followUps,
    modules: progress.map((m) => ({
      id: m.module.id,
      title: m.module.title,
      standing: m.standing,
      dueOn: m.assignment?.dueOn ?? null,
      expiresAt: m.expiresAt,
    })),
  };
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

export default function Home() {
  const { now, timeZone, greeting, upcoming, followUps, modules } = useLoaderData<typeof loader>();
  const done = modules.filter((m) => isDone(m.standing)).length;
  const open = modules.length - done;
  const overdue = modules.filter((m) => m.standing === "overdue").length;

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
            {open === 0
              ? "No training is waiting on you."
              : `${open === 1 ? "One module is" : `${open} modules are`} still open${overdue ? `, ${overdue} overdue` : ""}.`}
          </p>
        </div>
      </div>

      {followUps.length > 0 ? (
        <section className="card notice-warn" aria-labelledby="followup-heading" style={{ marginBottom: "1.25rem" }}>
          <h2 id="followup-heading">Follow up</h2>
          <p>
            You went to these sessions. A short reflection helps you remember what you saw — and some modules count a
            session only once you've written one.
          </p>
          <ul className="list">
            {followUps.map((f) => (
              <li key={f.bookingId}>
                <Link to={`/sessions/${f.sessionId}#reflection`} className="item-title">
                  Write your reflection: {f.kindName} with {f.hostName}
                </Link>
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
            <Link to="/sessions" className="small">
              Find sessions
            </Link>
          </div>
          {upcoming.length === 0 ? (
            <div className="empty">
              <strong>Nothing booked yet</strong>
              <p>Pick a sales call, an install or a listen-in that fits your week and book a seat.</p>
              <p>
                <Link to="/sessions" className="button">
                  Find a session
                </Link>
              </p>
            </div>
          ) : (
            <ul className="list">
              {upcoming.map((b) => (
                <li key={b.bookingId}>
                  <div className="row">
                    <Link to={`/sessions/${b.sessionId}`} className="item-title">
                      {b.kindName}
                    </Link>
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
            {modules.length > 0 ? (
              <Link to="/progress" className="small">
                {done} of {modules.length} done
              </Link>
            ) : null}
          </div>
          {modules.length === 0 ? (
            <div className="empty">
              <strong>No modules assigned</strong>
              <p>When your manager assigns a service-training module, it appears here with its due date.</p>
            </div>
          ) : (
            <>
              <div className="meter" role="img" aria-label={`${done} of ${modules.length} modules done`}>
                <span style={{ width: `${Math.round((done / modules.length) * 100)}%` }} />
              </div>
              <ul className="list" style={{ marginTop: "1rem" }}>
                {modules.map((m) => (
                  <li key={m.id}>
                    <div className="row">
                      <Link to="/progress" className="item-title">
                        {m.title}
                      </Link>
                      <StandingBadge standing={m.standing} />
                    </div>
                    <div className="item-meta">
                      {m.dueOn ? `Due ${formatDueDay(m.dueOn)}` : "Core module"}
                      {m.expiresAt && m.expiresAt > now ? ` · valid until ${formatDay(m.expiresAt, timeZone)}` : ""}
                    </div>
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
