import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { searchWindow, PAGE_SIZE } from "~/domain/session-search";
import { addDays, dayOf, formatDueDay, formatSpan, formatTimeRange, startOfDay, zoneLabel } from "~/domain/time";
import { filterChoices, findSessions } from "~/models/sessions.server";
import { requirePermission } from "~/permissions.server";
import { SessionFiltersSchema } from "~/schemas/sessions";

export const meta: MetaFunction = () => [{ title: "Find sessions · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "sessions:find");
  const { db, now } = args.context;
  const zone = viewer.timeZone;
  const params = SessionFiltersSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  const days = searchWindow(params, dayOf(now, zone));

  const [choices, found] = await Promise.all([
    filterChoices(db),
    findSessions(
      db,
      viewer,
      {
        kindId: params.kind,
        from: startOfDay(days.from, zone),
        to: startOfDay(days.until, zone),
        where: params.where,
        hostDepartmentId: params.dept,
        onlyFree: params.free === "1",
        forMyAssignments: params.mine === "1",
      },
      now,
      { limit: days.limit, offset: days.offset },
    ),
  ]);

  return {
    now,
    timeZone: zone,
    zoneName: zoneLabel(now, zone),
    params,
    range: { from: days.from, toInclusive: addDays(days.until, -1) },
    choices,
    total: found.total,
    sessions: found.sessions.map((s) => ({ ...s, day: dayOf(s.startsAt, zone) })),
    pageCount: Math.max(1, Math.ceil(found.total / PAGE_SIZE)),
  };
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type SessionRow = Loaded["sessions"][number];

export default function FindSessions() {
  const data = useLoaderData<typeof loader>();
  const { params } = data;
  const [searchParams] = useSearchParams();
  const filtered = ["kind", "from", "to", "where", "dept", "free", "mine"].some((k) => searchParams.get(k));

  const withParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    return `?${next.toString()}`;
  };

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Shadowing</p>
          <h1>Find a session</h1>
          <p className="lead">
            Take a seat beside the people who serve our customers. Times are shown in your time zone ({data.zoneName}).
          </p>
        </div>
        <nav className="segmented" aria-label="View">
          <Link
            to={withParams({ view: null, week: null, page: null })}
            aria-current={params.view === "list" ? "page" : undefined}
          >
            List
          </Link>
          <Link
            to={withParams({ view: "week", page: null })}
            aria-current={params.view === "week" ? "page" : undefined}
          >
            Week
          </Link>
        </nav>
      </div>

      <div className="with-sidebar">
        <aside className="card filters" aria-labelledby="filters-heading">
          <h2 id="filters-heading">Filters</h2>
          <Form method="get" className="form">
            {params.view === "week" ? <input type="hidden" name="view" value="week" /> : null}
            {params.view === "week" && params.week ? <input type="hidden" name="week" value={params.week} /> : null}
            <div className="field">
              <label htmlFor="kind">Kind of work</label>
              <select id="kind" name="kind" defaultValue={params.kind ?? ""}>
                <option value="">Any kind</option>
                {data.choices.kinds.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
              </select>
            </div>
            {params.view === "list" ? (
              <div className="field-pair">
                <div className="field">
                  <label htmlFor="from">From</label>
                  <input type="date" id="from" name="from" defaultValue={params.from ?? ""} />
                </div>
                <div className="field">
                  <label htmlFor="to">To</label>
                  <input type="date" id="to" name="to" defaultValue={params.to ?? ""} />
                </div>
              </div>
            ) : null}
            <div className="field">
              <label htmlFor="where">Where</label>
              <select id="where" name="where" defaultValue={params.where ?? ""}>
                <option value="">On site or remote</option>
                <option value="on_site">On site</option>
                <option value="remote">Remote</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="dept">Host department</label>
              <select id="dept" name="dept" defaultValue={params.dept ?? ""}>
                <option value="">Any department</option>
                {data.choices.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
            <label className="checkbox">
              <input type="checkbox" name="free" value="1" defaultChecked={params.free === "1"} />
              Only with free seats
            </label>
            <label className="checkbox">
              <input type="checkbox" name="mine" value="1" defaultChecked={params.mine === "1"} />
              Only those that count towards my training
            </label>
            <div className="row">
              <button type="submit" className="button">
                Show sessions
              </button>
              {filtered ? (
                <Link to={params.view === "week" ? "?view=week" : "."} className="button button-secondary">
                  Clear
                </Link>
              ) : null}
            </div>
          </Form>
        </aside>

        <section aria-labelledby="results-heading" className="results">
          {params.view === "week" ? (
            <WeekView data={data} withParams={withParams} />
          ) : (
            <>
              <h2 id="results-heading" className="results-heading">
                {data.total === 0
                  ? "No sessions match"
                  : `${data.total} ${data.total === 1 ? "session" : "sessions"} from ${formatDueDay(data.range.from)} to ${formatDueDay(data.range.toInclusive)}`}
              </h2>
              {data.sessions.length === 0 ? (
                <div className="empty">
                  <strong>Nothing fits these filters</strong>
                  <p>
                    Try a longer date range, another kind of work, or clear the filters. New sessions are published by
                    hosts every week.
                  </p>
                </div>
              ) : (
                <ul className="session-list">
                  {data.sessions.map((s) => (
                    <li key={s.id}>
                      <SessionCard session={s} timeZone={data.timeZone} />
                    </li>
                  ))}
                </ul>
              )}
              {data.pageCount > 1 ? (
                <nav className="pager" aria-label="Pages">
                  {params.page > 1 ? (
                    <Link to={withParams({ page: String(params.page - 1) })} className="button button-secondary">
                      Earlier sessions
                    </Link>
                  ) : (
                    <span />
                  )}
                  <span className="muted small">
                    Page {params.page} of {data.pageCount}
                  </span>
                  {params.page < data.pageCount ? (
                    <Link to={withParams({ page: String(params.page + 1) })} className="button button-secondary">
                      Later sessions
                    </Link>
                  ) : (
                    <span />
                  )}
                </nav>
              ) : null}
            </>
          )}
        </section>
      </div>
    </>
  );
}

function SeatsBadge({ session }: { session: SessionRow }) {
  if (session.myStatus === "booked") return <span className="badge badge-ok">You're booked</span>;
  if (session.myStatus === "waitlisted") return <span className="badge badge-warn">You're on the waitlist</span>;
  if (session.seatsLeft === 0) {
    return (
      <span className="badge badge-danger">Full{session.waitlisted ? ` · ${session.waitlisted} waiting` : ""}</span>
    );
  }
  return (
    <span className="badge badge-info">
      {session.seatsLeft} of {session.seats} {session.seats === 1 ? "seat" : "seats"} free
    </span>
  );
}

function SessionCard({ session, timeZone }: { session: SessionRow; timeZone: string }) {
  return (
    <article className="session-card">
      <div className={`kind-stripe ${session.onSite ? "kind-on-site" : "kind-remote"}`} aria-hidden="true" />
      <div className="session-card-body">
        <div className="row">
          <h3 className="session-card-title">
            <Link to={`/sessions/${session.id}`}>{session.kindName}</Link>
          </h3>
          <SeatsBadge session={session} />
        </div>
        <p className="item-meta">{formatSpan(session.startsAt, session.endsAt, timeZone)}</p>
        <p className="item-meta">
          with {session.hostName} ({session.hostDepartmentName}) ·{" "}
          {session.onSite ? session.location || "On site" : "Remote"}
          {session.customer ? ` · ${session.customer}` : ""}
        </p>
      </div>
    </article>
  );
}

function WeekView({ data, withParams }: { data: Loaded; withParams: (c: Record<string, string | null>) => string }) {
  const monday = data.range.from;
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const byDay = new Map<string, SessionRow[]>(days.map((d) => [d, []]));
  for (const s of data.sessions) byDay.get(s.day)?.push(s);

  return (
    <>
      <div className="week-header">
        <h2 id="results-heading" className="results-heading">
          Week of {formatDueDay(monday)}
        </h2>
        <div className="row">
          <Link className="button button-secondary button-small" to={withParams({ week: addDays(monday, -7) })}>
            <span aria-hidden="true">←</span> Previous week
          </Link>
          <Link className="button button-secondary button-small" to={withParams({ week: null })}>
            This week
          </Link>
          <Link className="button button-secondary button-small" to={withParams({ week: addDays(monday, 7) })}>
            Next week <span aria-hidden="true">→</span>
          </Link>
        </div>
      </div>
      <ol className="week">
        {days.map((day) => {
          const sessions = byDay.get(day) ?? [];
          return (
            <li key={day} className="week-day">
              <h3 className="week-day-name">{formatDueDay(day).replace(/ \d{4}$/, "")}</h3>
              {sessions.length === 0 ? (
                <p className="muted small">No sessions</p>
              ) : (
                <ul className="week-sessions">
                  {sessions.map((s) => (
                    <li key={s.id}>
                      <Link
                        to={`/sessions/${s.id}`}
                        className={`week-session ${s.onSite ? "kind-on-site" : "kind-remote"}`}
                      >
                        <span className="week-session-time">
                          {formatTimeRange(s.startsAt, s.endsAt, data.timeZone)}
                        </span>
                        <span className="week-session-kind">{s.kindName}</span>
                        <span className="week-session-meta">
                          {s.myStatus === "booked"
                            ? "You're booked"
                            : s.myStatus === "waitlisted"
                              ? "On waitlist"
                              : s.seatsLeft === 0
                                ? "Full"
                                : `${s.seatsLeft} free`}
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}
