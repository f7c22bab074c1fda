import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ListLink } from "~/components/list-link";
import { daysBetween, dayOf, formatDueDay, formatSpan, inZone, mondayOf, relativeDay, zoneLabel } from "~/domain/time";
import { hostedSessions, type HostedSession } from "~/models/hosted-sessions.server";
import { requirePermission } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "Sessions you host · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "hosting:publish");
  const { db, now } = args.context;
  const sessions = await hostedSessions(db, viewer.id, now);
  return {
    ...sessions,
    weeks: byWeek(sessions.upcoming, now, viewer.timeZone),
    now,
    timeZone: viewer.timeZone,
    zone: zoneLabel(now, viewer.timeZone),
  };
}

/** Upcoming sessions under "This week", "Next week", "Week of 14 Dec", in the viewer's calendar. */
function byWeek(sessions: HostedSession[], now: number, timeZone: string) {
  const weekOf = (ms: number) => mondayOf(dayOf(ms, timeZone));
  const thisWeek = weekOf(now);
  const weeks: { label: string; sessions: HostedSession[] }[] = [];
  let current: string | null = null;
  for (const session of sessions) {
    const monday = weekOf(session.startsAt);
    if (monday !== current) {
      const ahead = daysBetween(thisWeek, monday);
      const label =
        ahead <= 0 ? "This week" : ahead === 7 ? "Next week" : `Week of ${formatDueDay(monday).replace(/^\w+ /, "")}`;
      weeks.push({ label, sessions: [] });
      current = monday;
    }
    weeks[weeks.length - 1].sessions.push(session);
  }
  return weeks;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function DateChip({ ms, timeZone, muted }: { ms: number; timeZone: string; muted?: boolean }) {
  const day = inZone(ms, timeZone);
  return (
    <span className={`date-chip${muted ? " date-chip-muted" : ""}`} aria-hidden="true">
      <span className="date-chip-day">{day.getDate()}</span>
      <span className="date-chip-month">{MONTHS[day.getMonth()]}</span>
    </span>
  );
}

function where(s: HostedSession): string {
  if (s.onSite) return s.location || "On site";
  return "Remote";
}

export default function MySessions() {
  const { toConfirm, upcoming, weeks, past, now, timeZone, zone } = useLoaderData<typeof loader>();
  const scheduled = upcoming.filter((s) => s.status === "scheduled");
  const booked = scheduled.reduce((sum, s) => sum + s.seated, 0);
  const waiting = scheduled.reduce((sum, s) => sum + s.waitlisted, 0);

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Hosting</p>
          <h1>Sessions you host</h1>
          <p className="lead">
            {scheduled.length === 0
              ? "You have no upcoming sessions."
              : `${countWords(scheduled.length, "upcoming session", true)}, ${countWords(booked, "seat")} booked${waiting ? `, ${waiting === 1 ? "one person" : `${waiting} people`} on a waitlist` : ""}.`}{" "}
            {toConfirm.length > 0
              ? `${countWords(toConfirm.length, "past session", true)} ${toConfirm.length === 1 ? "is" : "are"} waiting for you to confirm who came.`
              : ""}
          </p>
        </div>
        <Link to="/hosting/new" className="button">
          New session
        </Link>
      </div>

      {toConfirm.length > 0 ? (
        <section className="card todo-card" aria-labelledby="todo-heading">
          <div className="card-header">
            <h2 id="todo-heading">Confirm attendance</h2>
            <span className="badge badge-warn">To do</span>
          </div>
          <p className="muted small">
            These sessions have started. Confirm who came and who didn't — attending counts toward your shadows'
            training.
          </p>
          <ul className="list session-list">
            {toConfirm.map((s) => (
              <li key={s.id} className="session-item">
                <DateChip ms={s.startsAt} timeZone={timeZone} />
                <div className="session-item-body">
                  <ListLink to={`/hosting/sessions/${s.id}`} className="item-title">
                    {s.kindName}
                  </ListLink>
                  <div className="item-meta">
                    {formatSpan(s.startsAt, s.endsAt, timeZone)} · {relativeDay(s.startsAt, now, timeZone)}
                  </div>
                </div>
                <div className="session-item-side">
                  <span className="badge badge-warn">{s.awaiting} to confirm</span>
                  <ListLink to={`/hosting/sessions/${s.id}`} className="button button-small">
                    Confirm attendance
                    <span className="visually-hidden">
                      : {s.kindName}, {formatSpan(s.startsAt, s.endsAt, timeZone)}
                    </span>
                  </ListLink>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="upcoming-heading">
        <div className="card-header">
          <h2 id="upcoming-heading">Upcoming</h2>
          <span className="small muted">Times in {zone}</span>
        </div>
        {upcoming.length === 0 ? (
          <div className="empty">
            <strong>Nothing scheduled</strong>
            <p>Publish a session — or a weekly block — so colleagues can book a seat beside you.</p>
            <p>
              <Link to="/hosting/new" className="button button-secondary">
                New session
              </Link>
            </p>
          </div>
        ) : (
          weeks.map((week) => (
            <div key={week.label} className="hosting-week">
              <h3 className="hosting-week-heading">{week.label}</h3>
              <ul className="list session-list">
                {week.sessions.map((s) => (
                  <SessionRow key={s.id} session={s} now={now} timeZone={timeZone} />
                ))}
              </ul>
            </div>
          ))
        )}
      </section>

      {past.length > 0 ? (
        <section className="card past-card" aria-labelledby="past-heading">
          <div className="card-header">
            <h2 id="past-heading">Recent</h2>
            <span className="small muted">Last 60 days</span>
          </div>
          <ul className="list session-list">
            {past.map((s) => (
              <li key={s.id} className="session-item">
                <DateChip ms={s.startsAt} timeZone={timeZone} muted />
                <div className="session-item-body">
                  <ListLink to={`/hosting/sessions/${s.id}`} className="item-title">
                    {s.kindName}
                  </ListLink>
                  <div className="item-meta">{formatSpan(s.startsAt, s.endsAt, timeZone)}</div>
                </div>
                <div className="session-item-side">
                  {s.status === "cancelled" ? (
                    <span className="badge badge-danger">Cancelled</span>
                  ) : s.seated === 0 ? (
                    <span className="badge">No shadows</span>
                  ) : (
                    <>
                      <span className="badge badge-ok">{s.attended} attended</span>
                      {s.reflections > 0 ? (
                        <span className="badge badge-info">{countWords(s.reflections, "reflection", true)}</span>
                      ) : null}
                    </>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function SessionRow({ session: s, now, timeZone }: { session: HostedSession; now: number; timeZone: string }) {
  const cancelled = s.status === "cancelled";
  const full = s.seated >= s.seats;
  return (
    <li className={`session-item${cancelled ? " is-cancelled" : ""}`}>
      <DateChip ms={s.startsAt} timeZone={timeZone} muted={cancelled} />
      <div className="session-item-body">
        <div className="row">
          <ListLink to={`/hosting/sessions/${s.id}`} className="item-title">
            {s.kindName}
          </ListLink>
          {s.seriesId !== null ? <span className="badge badge-brand">Weekly</span> : null}
          {s.startsAt <= now && !cancelled ? <span className="badge badge-info">Happening now</span> : null}
        </div>
        <div className="item-meta">
          {formatSpan(s.startsAt, s.endsAt, timeZone)} · {relativeDay(s.startsAt, now, timeZone)} · {where(s)}
        </div>
        {s.customerName ? (
          <div className="item-meta">
            {s.customerName}
            {s.customerConfidential ? " (confidential)" : ""}
          </div>
        ) : null}
        {cancelled && s.cancelReason ? <div className="item-meta">Reason: {s.cancelReason}</div> : null}
      </div>
      <div className="session-item-side">
        {cancelled ? (
          <span className="badge badge-danger">Cancelled</span>
        ) : (
          <>
            <span className={`badge ${full ? "badge-ok" : s.seated > 0 ? "badge-info" : ""}`}>
              {`${s.seated}/${s.seats} seats booked`}
            </span>
            {s.waitlisted > 0 ? <span className="badge badge-warn">{s.waitlisted} on waitlist</span> : null}
          </>
        )}
      </div>
    </li>
  );
}

function countWords(n: number, noun: string, capital = false): string {
  const words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
  const word = n <= 10 ? words[n] : String(n);
  const count = capital ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  return `${count} ${noun}${n === 1 ? "" : "s"}`;
}
