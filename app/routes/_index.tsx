import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StandingBadge } from "~/components/badges";
import { ErrorPage } from "~/components/error-page";
import { hasRole } from "~/domain/access";
import { isDone } from "~/domain/completion";
import { dayOf, formatDay, formatDueDay, formatSpan, formatTimeRange, inZone, relativeDay } from "~/domain/time";
import { progressFor } from "~/models/completion.server";
import {
  attendanceToConfirmOf,
  bookingCountsOf,
  followUpsOf,
  hostingAheadOf,
  upcomingBookingsOf,
} from "~/models/home.server";
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
  const hosts = hasRole(viewer, "host");
  const [upcoming, seats, followUps, progress, hosting, toConfirm] = await Promise.all([
    upcomingBookingsOf(db, viewer.id, now),
    bookingCountsOf(db, viewer.id, now),
    followUpsOf(db, viewer.id, now),
    progressFor(db, viewer.id, now),
    hosts ? hostingAheadOf(db, viewer.id, now) : null,
    hosts ? attendanceToConfirmOf(db, viewer.id, now) : null,
  ]);
  const today = dayOf(now, viewer.timeZone);
  return {
    now,
    timeZone: viewer.timeZone,
    greeting: `${greeting(now, viewer.timeZone)}, ${viewer.name.split(" ")[0]}`,
    upcoming,
    seats,
    hosting: hosting && {
      total: hosting.total,
      today: hosting.sessions.filter((s) => dayOf(s.startsAt, viewer.timeZone) <= today),
      later: hosting.sessions.filter((s) => dayOf(s.startsAt, viewer.timeZone) > today),
    },
    toConfirm,
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

const sessionCount = (n: number) => (n === 1 ? "one session" : `${n} sessions`);
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Hosted = NonNullable<Loaded["hosting"]>["today"][number];

/** What is ahead of the person, in a sentence or two: hosting first for a host, then their own seats. */
function summary({ hosting, toConfirm, seats }: Pick<Loaded, "hosting" | "toConfirm" | "seats">): string {
  const parts: string[] = [];
  if (hosting) {
    parts.push(
      hosting.total === 0
        ? "You have no sessions to host coming up."
        : `You host ${sessionCount(hosting.total)} coming up${hosting.today.length > 0 ? `, ${hosting.today.length === 1 ? "one" : hosting.today.length} of them today` : ""}.`,
    );
    if (toConfirm && toConfirm.total > 0) {
      parts.push(
        `${toConfirm.total === 1 ? "One past session is" : `${toConfirm.total} past sessions are`} waiting for you to confirm who came.`,
      );
    }
  }
  const waiting = seats.waitlisted > 0 ? `, and you are on the waitlist for ${sessionCount(seats.waitlisted)}` : "";
  if (seats.booked > 0) {
    parts.push(`You have ${sessionCount(seats.booked)} booked${hosting ? " as a shadow" : ""}${waiting}.`);
  } else if (seats.waitlisted > 0) {
    parts.push(`You are on the waitlist for ${sessionCount(seats.waitlisted)}.`);
  } else if (!hosting) {
    parts.push("You have no sessions booked.");
  }
  return parts.join(" ");
}

export default function Home() {
  const { now, timeZone, greeting, upcoming, seats, hosting, toConfirm, followUps, modules } =
    useLoaderData<typeof loader>();
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
            {summary({ hosting, toConfirm, seats })}{" "}
            {open === 0
              ? "No training is waiting on you."
              : `${open === 1 ? "One module is" : `${open} modules are`} still open${overdue ? `, ${overdue} overdue` : ""}.`}
          </p>
        </div>
      </div>

      {toConfirm && toConfirm.total > 0 ? (
        <section className="card todo-card" aria-labelledby="confirm-heading">
          <div className="card-header">
            <h2 id="confirm-heading">Attendance to confirm</h2>
            <Link to="/hosting" className="small">
              All your hosting
            </Link>
          </div>
          <p>
            These sessions you host have started. Say who came: attending counts toward your shadows&apos; training, and
            they are asked for their reflection.
          </p>
          <ul className="list">
            {toConfirm.sessions.map((s) => (
              <li key={s.id} className="home-item">
                <div>
                  <div className="item-title">{s.kindName}</div>
                  <div className="item-meta">
                    {formatSpan(s.startsAt, s.endsAt, timeZone)} · {relativeDay(s.startsAt, now, timeZone)} ·{" "}
                    {s.awaiting === 1 ? "one seat" : `${s.awaiting} seats`} to confirm
                  </div>
                </div>
                <Link to={`/hosting/sessions/${s.id}`} className="button button-small">
                  Confirm attendance
                  <span className="visually-hidden">
                    : {s.kindName}, {formatSpan(s.startsAt, s.endsAt, timeZone)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          {toConfirm.total > toConfirm.sessions.length ? (
            <p className="small">
              Showing the latest {toConfirm.sessions.length} of {toConfirm.total}.{" "}
              <Link to="/hosting">See them all on Hosting</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {followUps.length > 0 ? (
        <section className="card todo-card" aria-labelledby="reflections-heading">
          <h2 id="reflections-heading">Reflections to write</h2>
          <p>
            You went to these sessions. A short reflection helps you remember what you saw — and some modules count a
            session only once you&apos;ve written one.
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
        {hosting ? (
          <section className="card" aria-labelledby="hosting-heading">
            <div className="card-header">
              <h2 id="hosting-heading">Sessions you host</h2>
              <Link to="/hosting" className="small">
                Hosting
              </Link>
            </div>
            {hosting.total === 0 ? (
              <div className="empty">
                <strong>Nothing to host coming up</strong>
                <p>Publish a sales call, an install or a listen-in block so colleagues can take a seat beside you.</p>
                <p>
                  <Link to="/hosting/new" className="button">
                    New session
                  </Link>
                </p>
              </div>
            ) : (
              <>
                <h3 className="home-subheading">Today</h3>
                {hosting.today.length === 0 ? (
                  <p className="muted small">Nothing to host today.</p>
                ) : (
                  <HostedList sessions={hosting.today} timeZone={timeZone} now={now} />
                )}
                {hosting.later.length > 0 ? (
                  <>
                    <h3 className="home-subheading">Coming up</h3>
                    <HostedList sessions={hosting.later} timeZone={timeZone} now={now} />
                  </>
                ) : null}
                {hosting.total > hosting.today.length + hosting.later.length ? (
                  <p className="small home-more">
                    <Link to="/hosting">All {hosting.total} sessions you host</Link>
                  </p>
                ) : null}
              </>
            )}
          </section>
        ) : null}

        <section className="card" aria-labelledby="upcoming-heading">
          <div className="card-header">
            <h2 id="upcoming-heading">Your upcoming sessions</h2>
            <Link to="/bookings" className="small">
              My bookings
            </Link>
          </div>
          {hosting ? <p className="muted small">Seats you booked to shadow a colleague.</p> : null}
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
            <>
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
              <p className="small home-more">
                <Link to="/sessions">Find another session</Link>
              </p>
            </>
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

/** Sessions a host runs, each with its seats taken and the people waiting. */
function HostedList({ sessions, timeZone, now }: { sessions: Hosted[]; timeZone: string; now: number }) {
  return (
    <ul className="list">
      {sessions.map((s) => (
        <li key={s.id}>
          <div className="row">
            <Link to={`/hosting/sessions/${s.id}`} className="item-title">
              {s.kindName}
            </Link>
            <span className={s.seated >= s.seats ? "badge badge-warn" : "badge badge-info"}>
              {s.seated} of {s.seats} {s.seats === 1 ? "seat" : "seats"} taken
              {s.waitlisted > 0 ? ` · ${s.waitlisted} waiting` : ""}
            </span>
          </div>
          <div className="item-meta">
            {s.startsAt <= now
              ? `Under way · ${formatTimeRange(s.startsAt, s.endsAt, timeZone)}`
              : `${capitalised(relativeDay(s.startsAt, now, timeZone))} · ${formatSpan(s.startsAt, s.endsAt, timeZone)}`}
          </div>
          <div className="item-meta">{s.onSite ? s.location || "On site" : "Remote"}</div>
        </li>
      ))}
    </ul>
  );
}
