import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { Pager } from "~/components/pager";
import { attendanceState, reflectionState, upcomingState, type SeatState } from "~/domain/my-bookings";
import { formatSpan, relativeDay, zoneLabel } from "~/domain/time";
import { pastSeatsOf, upcomingSeatsOf, waitlistsOf } from "~/models/my-bookings.server";
import { requirePermission } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "My bookings · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "progress:own");
  const { db, now } = args.context;
  const asked = Number(new URL(args.request.url).searchParams.get("page"));
  const [upcoming, waiting, past] = await Promise.all([
    upcomingSeatsOf(db, viewer.id, now),
    waitlistsOf(db, viewer.id, now),
    pastSeatsOf(db, viewer.id, now, Number.isInteger(asked) && asked > 0 ? asked : 1),
  ]);
  return { now, timeZone: viewer.timeZone, zone: zoneLabel(now, viewer.timeZone), upcoming, waiting, past };
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Seat = Loaded["upcoming"][number];

const TONES: Record<SeatState["tone"], string> = {
  ok: "badge badge-ok",
  warn: "badge badge-warn",
  danger: "badge badge-danger",
  info: "badge badge-info",
  muted: "badge",
};

function StateBadge({ state }: { state: SeatState }) {
  return <span className={TONES[state.tone]}>{state.label}</span>;
}

const count = (n: number, one: string, many: string) => (n === 1 ? `one ${one}` : `${n} ${many}`);

function where(seat: Seat): string {
  if (seat.onSite) return seat.location || "on site";
  return "remote";
}

/** Who put the seat there, when it was not the person themselves. */
function bookedBy(seat: Seat): string {
  if (seat.source === "manager") return " · booked by your manager";
  if (seat.source === "planner") return " · booked through the planner";
  return "";
}

/** One seat: the session it is on, when and with whom, and where it stands. */
function SeatItem({ seat, side, children }: { seat: Seat; side: ReactNode; children?: ReactNode }) {
  const { now, timeZone } = useLoaderData<typeof loader>();
  return (
    <li className="seat">
      <div className="seat-body">
        <Link to={`/sessions/${seat.sessionId}`} className="item-title">
          {seat.kindName}
        </Link>
        <div className="item-meta">
          {formatSpan(seat.startsAt, seat.endsAt, timeZone)} · {relativeDay(seat.startsAt, now, timeZone)}
        </div>
        <div className="item-meta">
          with {seat.hostName} · {where(seat)}
          {bookedBy(seat)}
        </div>
        {children}
      </div>
      <div className="seat-side">{side}</div>
    </li>
  );
}

function FindSessions({ children }: { children: ReactNode }) {
  return (
    <p>
      <Link to="/sessions" className="button button-secondary button-small">
        {children}
      </Link>
    </p>
  );
}

export default function MyBookings() {
  const { zone, upcoming, waiting, past } = useLoaderData<typeof loader>();
  const seated = upcoming.filter((s) => s.sessionStatus === "scheduled").length;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Shadowing</p>
          <h1>My bookings</h1>
          <p className="lead">
            {seated === 0 && waiting.length === 0
              ? "You have no seats booked and you are not on any waitlist."
              : `You have ${count(seated, "seat", "seats")} booked${waiting.length > 0 ? ` and are on ${count(waiting.length, "waitlist", "waitlists")}` : ""}.`}{" "}
            Times are shown in your time zone ({zone}).
          </p>
        </div>
        <Link to="/sessions" className="button">
          Find sessions
        </Link>
      </div>

      <div className="grid grid-2 bookings-now">
        <section className="card" aria-labelledby="upcoming-heading">
          <h2 id="upcoming-heading">Coming up</h2>
          {upcoming.length === 0 ? (
            <div className="empty">
              <strong>No seats booked</strong>
              <p>Pick a sales call, an install or a listen-in that fits your week and book a seat.</p>
              <FindSessions>Find a session</FindSessions>
            </div>
          ) : (
            <ul className="list seats">
              {upcoming.map((seat) => (
                <SeatItem key={seat.bookingId} seat={seat} side={<StateBadge state={upcomingState(seat)} />} />
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">On a waitlist</h2>
          {waiting.length === 0 ? (
            <div className="empty">
              <strong>Not waiting for any seat</strong>
              <p>
                When a session you want is full, booking it puts you in line; you move up by yourself when a seat frees,
                and we tell you.
              </p>
              <FindSessions>Find a session</FindSessions>
            </div>
          ) : (
            <ul className="list seats">
              {waiting.map((seat) => (
                <SeatItem
                  key={seat.bookingId}
                  seat={seat}
                  side={
                    seat.sessionStatus === "cancelled" ? (
                      <StateBadge state={upcomingState(seat)} />
                    ) : (
                      <span className="badge badge-warn">
                        {seat.place ? `Number ${seat.place} in line` : "Waiting"}
                      </span>
                    )
                  }
                />
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card past-seats" aria-labelledby="past-heading">
        <h2 id="past-heading">Past sessions</h2>
        {past.total === 0 ? (
          <div className="empty">
            <strong>No past sessions yet</strong>
            <p>
              Sessions you had a seat on appear here once they are over, with the host&apos;s attendance and your
              reflection.
            </p>
            <FindSessions>Find a session to shadow</FindSessions>
          </div>
        ) : (
          <>
            <ul className="list seats">
              {past.bookings.map((seat) => (
                <SeatItem key={seat.bookingId} seat={seat} side={<StateBadge state={attendanceState(seat)} />}>
                  <Reflection seat={seat} />
                </SeatItem>
              ))}
            </ul>
            <Pager
              page={past.page}
              pages={past.pages}
              total={past.total}
              perPage={past.perPage}
              hrefFor={(page) => `?page=${page}`}
              noun="past sessions"
              label="Past sessions pages"
            />
          </>
        )}
      </section>
    </>
  );
}

function Reflection({ seat }: { seat: Seat }) {
  switch (reflectionState(seat)) {
    case "written":
      return <div className="item-meta">Reflection written</div>;
    case "to_write":
      return (
        <div className="item-meta">
          <Link to={`/sessions/${seat.sessionId}#reflection`}>
            Write your reflection
            <span className="visually-hidden">
              : {seat.kindName} with {seat.hostName}
            </span>
          </Link>
        </div>
      );
    case "not_yet":
      return <div className="item-meta">Reflection once the host confirms you attended</div>;
    case "none":
      return null;
  }
}
