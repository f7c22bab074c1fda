import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { Pager } from "~/components/pager";
import { daysOf, groupByDay, pageCount, SEARCH_TEXT_MAX, searchWindow, weekAhead } from "~/domain/session-search";
import {
  addDays,
  dayOf,
  formatDueDay,
  formatSpan,
  formatTimeRange,
  mondayOf,
  relativeDay,
  startOfDay,
  weekdayName,
  zoneLabel,
} from "~/domain/time";
import { filterChoices, findSessions, findSessionsByDay, type FoundSession } from "~/models/sessions.server";
import { requirePermission } from "~/permissions.server";
import { SessionFiltersSchema } from "~/schemas/sessions";
import { ListLink } from "~/components/list-link";

export const meta: MetaFunction = () => [{ title: "Find sessions · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "sessions:find");
  const { db, now } = args.context;
  const zone = viewer.timeZone;
  const params = SessionFiltersSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  const window = searchWindow(params, dayOf(now, zone));
  const mode = params.view === "week" ? (params.day ? "day" : "week") : "list";
  const filters = {
    kindId: params.kind,
    where: params.where,
    hostDepartmentId: params.dept,
    onlyFree: params.free === "1",
    forMyAssignments: params.mine === "1",
    text: params.q,
  };
  const withDay = (s: FoundSession) => ({ ...s, day: dayOf(s.startsAt, zone) });

  // A week asks for each of its days apart, so a busy day never crowds out the ones after it.
  const [choices, found, weekDays] = await Promise.all([
    filterChoices(db),
    mode === "week"
      ? { total: 0, sessions: [] }
      : findSessions(
          db,
          viewer,
          { ...filters, from: startOfDay(window.from, zone), to: startOfDay(window.until, zone) },
          now,
          window,
        ),
    mode === "week"
      ? findSessionsByDay(
          db,
          viewer,
          filters,
          daysOf(window).map((day) => ({ from: startOfDay(day, zone), to: startOfDay(addDays(day, 1), zone) })),
          now,
          window.limit,
        )
      : [],
  ]);
  const days = daysOf(window);

  return {
    now,
    mode,
    timeZone: zone,
    zoneName: zoneLabel(now, zone),
    params,
    range: { from: window.from, toInclusive: addDays(window.until, -1) },
    monday: mondayOf(window.from),
    // At the weekend the week view opens on the week ahead, and its way back there says so.
    defaultMonday: weekAhead(dayOf(now, zone)),
    thisMonday: mondayOf(dayOf(now, zone)),
    choices,
    total: found.total,
    sessions: found.sessions.map(withDay),
    perPage: window.limit,
    pageCount: pageCount(found.total, window.limit),
    weekDays: weekDays.map((d, i) => ({
      day: days[i],
      weekday: weekdayName(startOfDay(days[i], zone), zone),
      ...d,
    })),
  };
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type SessionRow = Loaded["sessions"][number];
type WithParams = (changes: Record<string, string | null>) => string;

export default function FindSessions() {
  const data = useLoaderData<typeof loader>();
  const { params } = data;
  const [searchParams] = useSearchParams();
  const narrowing = ["kind", "from", "to", "where", "dept", "free", "mine"].filter((k) => searchParams.get(k)).length;
  const filtered = narrowing > 0 || Boolean(params.q);

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
            to={withParams({ view: null, week: null, day: null, page: null })}
            aria-current={params.view === "list" ? "page" : undefined}
          >
            List
          </Link>
          <Link
            to={withParams({ view: "week", day: null, page: null })}
            aria-current={params.view === "week" ? "page" : undefined}
          >
            Week
          </Link>
        </nav>
      </div>

      <div className="with-sidebar">
        <aside className="card filters" aria-label="Search and filters">
          {/* Drawn afresh for each address, so the boxes always show the search the list is for. */}
          <Form method="get" className="form" key={searchParams.toString()}>
            {params.view === "week" ? <input type="hidden" name="view" value="week" /> : null}
            {params.view === "week" && params.week ? <input type="hidden" name="week" value={params.week} /> : null}
            {params.view === "week" && params.day ? <input type="hidden" name="day" value={params.day} /> : null}
            <div className="field">
              <label htmlFor="q">Search customer, host or place</label>
              <input
                type="search"
                id="q"
                name="q"
                defaultValue={params.q ?? ""}
                maxLength={SEARCH_TEXT_MAX}
                autoComplete="off"
              />
            </div>
            <FiltersDisclosure applied={narrowing}>
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
                <div className="field-pair date-pair">
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
            </FiltersDisclosure>
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
          {data.mode === "week" ? (
            <WeekView data={data} withParams={withParams} />
          ) : data.mode === "day" ? (
            <DayView data={data} withParams={withParams} />
          ) : (
            <>
              <h2 id="results-heading" className="results-heading">
                {data.total === 0
                  ? "No sessions match"
                  : `${data.total} ${data.total === 1 ? "session" : "sessions"} from ${formatDueDay(data.range.from)} to ${formatDueDay(data.range.toInclusive)}`}
              </h2>
              <PagedSessions
                data={data}
                withParams={withParams}
                noun="sessions"
                empty={
                  params.q ? (
                    <NoMatchFor text={params.q} withParams={withParams} />
                  ) : (
                    <div className="empty">
                      <strong>Nothing fits these filters</strong>
                      <p>
                        Try a longer date range, another kind of work, or clear the filters. New sessions are published
                        by hosts every week.
                      </p>
                    </div>
                  )
                }
              />
            </>
          )}
        </section>
      </div>
    </>
  );
}

/** Wider than this, the filters sit beside the list and open at once. */
const BESIDE_THE_LIST = "(min-width: 60.0625rem)";

/**
 * The filters behind a "Filters" disclosure, so on a phone the sessions come first. A plain
 * <details>: it opens and closes without JavaScript; with it, a wide screen opens it at once.
 */
function FiltersDisclosure({ applied, children }: { applied: number; children: ReactNode }) {
  const disclosure = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (disclosure.current && window.matchMedia(BESIDE_THE_LIST).matches) disclosure.current.open = true;
  }, []);
  return (
    <details ref={disclosure} className="filters-disclosure">
      <summary>
        Filters
        {applied > 0 ? (
          <span className="badge badge-info">{applied === 1 ? "One chosen" : `${applied} chosen`}</span>
        ) : null}
      </summary>
      <div className="filters-body">{children}</div>
    </details>
  );
}

/** A search that found nothing says what was searched for and offers the way back. */
function NoMatchFor({ text, withParams, where }: { text: string; withParams: WithParams; where?: string }) {
  return (
    <div className="empty">
      <strong>
        Nothing matches “{text}”{where ? ` ${where}` : ""}
      </strong>
      <p>
        The search looks in customers&apos; names, hosts&apos; names and places. Check the spelling, try part of a name,
        or <Link to={withParams({ q: null, page: null })}>clear the search</Link>.
      </p>
    </div>
  );
}

function SeatsBadge({ session }: { session: SessionRow }) {
  if (session.myStatus === "booked") return <span className="badge badge-ok">You're booked</span>;
  if (session.myStatus === "waitlisted") return <span className="badge badge-warn">You're on the waitlist</span>;
  if (session.seatsLeft === 0) {
    return (
      <span className="badge badge-danger">{session.waitlisted ? `Full · ${session.waitlisted} waiting` : "Full"}</span>
    );
  }
  return (
    <span className="badge badge-info">{`${session.seatsLeft} of ${session.seats} ${session.seats === 1 ? "seat" : "seats"} free`}</span>
  );
}

function SessionCard({ session, timeZone, underDay }: { session: SessionRow; timeZone: string; underDay: boolean }) {
  const Title = underDay ? "h4" : "h3";
  return (
    <article className="session-card">
      <div className={`kind-stripe ${session.onSite ? "kind-on-site" : "kind-remote"}`} aria-hidden="true" />
      <div className="session-card-body">
        <div className="row">
          <Title className="session-card-title">
            <ListLink to={`/sessions/${session.id}`}>{session.kindName}</ListLink>
          </Title>
          <SeatsBadge session={session} />
        </div>
        <p className="item-meta">
          {underDay
            ? formatTimeRange(session.startsAt, session.endsAt, timeZone)
            : formatSpan(session.startsAt, session.endsAt, timeZone)}
        </p>
        {/* One string, so the line is one piece of text in the page. */}
        <p className="item-meta">
          {`with ${session.hostName} (${session.hostDepartmentName}) · ${session.onSite ? session.location || "On site" : "Remote"}${session.customer ? ` · ${session.customer}` : ""}`}
        </p>
      </div>
    </article>
  );
}

/** The page's sessions under a heading for each day, in the viewer's own calendar. */
function SessionList({
  sessions,
  timeZone,
  now,
  dayHeadings,
}: {
  sessions: SessionRow[];
  timeZone: string;
  now: number;
  dayHeadings: boolean;
}) {
  const list = (items: SessionRow[]) => (
    <ul className="session-list">
      {items.map((s) => (
        <li key={s.id}>
          <SessionCard session={s} timeZone={timeZone} underDay={dayHeadings} />
        </li>
      ))}
    </ul>
  );
  if (!dayHeadings) return list(sessions);
  return (
    <ol className="session-days">
      {groupByDay(sessions).map(({ day, items }) => (
        <li key={day} className="session-day">
          <h3 className="session-day-heading">
            {formatDueDay(day)}
            <span className="muted"> · {relativeDay(startOfDay(day, timeZone), now, timeZone)}</span>
          </h3>
          {list(items)}
        </li>
      ))}
    </ol>
  );
}

/** A page of sessions and where it stands in the whole list; a page past the end leads back to the last one. */
function PagedSessions({
  data,
  withParams,
  noun,
  empty,
}: {
  data: Loaded;
  withParams: WithParams;
  noun: string;
  empty: ReactNode;
}) {
  if (data.sessions.length === 0 && data.total > 0) {
    return (
      <div className="empty">
        <strong>This page is past the last one</strong>
        <p>
          {sessionCount(data.total)} fit on {data.pageCount} {data.pageCount === 1 ? "page" : "pages"}.{" "}
          <Link to={withParams({ page: String(data.pageCount) })}>Go to the last page</Link>
        </p>
      </div>
    );
  }
  return (
    <>
      {data.sessions.length === 0 ? (
        empty
      ) : (
        <SessionList
          sessions={data.sessions}
          timeZone={data.timeZone}
          now={data.now}
          dayHeadings={data.mode === "list"}
        />
      )}
      <Pager
        page={data.params.page}
        pages={data.pageCount}
        total={data.total}
        perPage={data.perPage}
        hrefFor={(page) => withParams({ page: String(page) })}
        noun={noun}
      />
    </>
  );
}

const sessionCount = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "session" : "sessions"}`;

function WeekNavigation({
  monday,
  comingWeek,
  withParams,
}: {
  monday: string;
  comingWeek: boolean;
  withParams: WithParams;
}) {
  const week = (day: string | null) => withParams({ week: day, day: null, page: null });
  return (
    <div className="row">
      <Link className="button button-secondary button-small" to={week(addDays(monday, -7))}>
        <span aria-hidden="true">←</span> Previous week
      </Link>
      <Link className="button button-secondary button-small" to={week(null)}>
        {comingWeek ? "Coming week" : "This week"}
      </Link>
      <Link className="button button-secondary button-small" to={week(addDays(monday, 7))}>
        Next week <span aria-hidden="true">→</span>
      </Link>
    </div>
  );
}

function WeekView({ data, withParams }: { data: Loaded; withParams: WithParams }) {
  const { monday } = data;
  const total = data.weekDays.reduce((sum, d) => sum + d.total, 0);

  return (
    <>
      <div className="week-header">
        <div>
          <h2 id="results-heading" className="results-heading">
            Week of {formatDueDay(monday)}
          </h2>
          <p className="muted small">{total === 0 ? "No sessions match" : `${sessionCount(total)} this week`}</p>
        </div>
        <WeekNavigation monday={monday} comingWeek={data.defaultMonday !== data.thisMonday} withParams={withParams} />
      </div>
      {total === 0 && data.params.q ? (
        <NoMatchFor text={data.params.q} withParams={withParams} where="this week" />
      ) : null}
      <ol className="week">
        {data.weekDays.map(({ day, weekday, total, sessions }) => (
          <li key={day} className="week-day">
            <h3 className="week-day-name">{formatDueDay(day).replace(/ \d{4}$/, "")}</h3>
            {total === 0 ? (
              <p className="muted small">No sessions</p>
            ) : (
              <>
                <p className="week-day-count">{sessionCount(total)}</p>
                <ul className="week-sessions">
                  {sessions.map((s) => (
                    <li key={s.id}>
                      <ListLink
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
                      </ListLink>
                    </li>
                  ))}
                </ul>
                {total > sessions.length ? (
                  <p className="week-day-more">
                    <span className="muted small">
                      Showing {sessions.length} of {total.toLocaleString("en")}
                    </span>
                    <Link to={withParams({ week: null, day, page: null })}>
                      Show all {sessionCount(total)} on {weekday}
                    </Link>
                  </p>
                ) : null}
              </>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function DayView({ data, withParams }: { data: Loaded; withParams: WithParams }) {
  const day = data.range.from;
  const toDay = (other: string) => withParams({ week: null, day: other, page: null });
  return (
    <>
      <div className="week-header">
        <div>
          <h2 id="results-heading" className="results-heading">
            {formatDueDay(day)}
          </h2>
          <p className="muted small">{data.total === 0 ? "No sessions match" : sessionCount(data.total)}</p>
        </div>
        <div className="row">
          <Link className="button button-secondary button-small" to={toDay(addDays(day, -1))}>
            <span aria-hidden="true">←</span> Previous day
          </Link>
          <Link
            className="button button-secondary button-small"
            to={withParams({ week: data.monday, day: null, page: null })}
          >
            Whole week
          </Link>
          <Link className="button button-secondary button-small" to={toDay(addDays(day, 1))}>
            Next day <span aria-hidden="true">→</span>
          </Link>
        </div>
      </div>
      <PagedSessions
        data={data}
        withParams={withParams}
        noun={`sessions on ${formatDueDay(day)}`}
        empty={
          data.params.q ? (
            <NoMatchFor text={data.params.q} withParams={withParams} where="on this day" />
          ) : (
            <div className="empty">
              <strong>Nothing fits these filters on this day</strong>
              <p>Try another day of the week, or clear the filters.</p>
            </div>
          )
        }
      />
    </>
  );
}
