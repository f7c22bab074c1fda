import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StandingBadge } from "~/components/badges";
import { ErrorPage } from "~/components/error-page";
import { evidenceSoFar, formatMinutes, isDone } from "~/domain/completion";
import { formatDay, formatDueDay, formatSpan, relativeDay } from "~/domain/time";
import { progressFor } from "~/models/completion.server";
import { requirePermission } from "~/permissions.server";

export const meta: MetaFunction = () => [{ title: "My progress · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "progress:own");
  const { db, now } = args.context;
  const modules = await progressFor(db, viewer.id, now);
  return { now, timeZone: viewer.timeZone, modules };
}

export function ErrorBoundary() {
  return <ErrorPage />;
}

export default function MyProgress() {
  const { now, timeZone, modules } = useLoaderData<typeof loader>();
  const done = modules.filter((m) => isDone(m.standing)).length;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">Training</p>
          <h1>My progress</h1>
          <p className="lead">
            {modules.length === 0
              ? "Nothing is assigned to you yet."
              : `${done} of ${modules.length} ${modules.length === 1 ? "module" : "modules"} done. Each module says what counts towards it; attended sessions count by themselves once the host confirms them.`}
          </p>
        </div>
        <Link to="/sessions?mine=1" className="button">
          Find sessions that count
        </Link>
      </div>

      {modules.length === 0 ? (
        <div className="empty">
          <strong>No modules yet</strong>
          <p>
            When your manager assigns a service-training module, or the company makes one core for everyone, it appears
            here. You can still <Link to="/sessions">book any session</Link> that interests you.
          </p>
        </div>
      ) : (
        <ul className="session-list">
          {modules.map((m) => {
            const have = m.evidence.counted.length;
            // An hour rule counts attended time: "1 h 15 min of 2 h".
            const { requiredMinutes, countedMinutes } = m.evidence;
            const hours = requiredMinutes !== null && countedMinutes !== null;
            const share = hours
              ? Math.min(countedMinutes, requiredMinutes) / requiredMinutes
              : Math.min(have, m.evidence.required) / m.evidence.required;
            const soFar = evidenceSoFar(m.evidence);
            return (
              <li key={m.module.id} className="card progress-module">
                <div className="row">
                  <h2 className="session-card-title">{m.module.title}</h2>
                  <StandingBadge standing={m.standing} />
                  {m.module.core ? <span className="badge badge-brand">Core</span> : null}
                </div>
                {m.module.summary ? <p className="muted">{m.module.summary}</p> : null}
                <p>
                  <strong>To complete:</strong> {m.rule}.
                </p>
                <div className="meter" role="img" aria-label={hours ? `${soFar} counted` : `${soFar} sessions counted`}>
                  <span
                    style={{
                      width: `${isDone(m.standing) ? 100 : Math.round(share * 100)}%`,
                    }}
                  />
                </div>
                <p className="small">
                  {m.completion?.source === "manual"
                    ? `Signed off by your manager: “${m.completion.manualReason}”`
                    : `${soFar} counted so far`}
                  {m.evidence.awaitingReflection.length > 0
                    ? ` · ${m.evidence.awaitingReflection.length} waiting for your reflection`
                    : ""}
                </p>
                {m.evidence.counted.length + m.evidence.awaitingReflection.length > 0 ? (
                  <ul className="evidence-list">
                    {m.evidence.counted.map((e) => (
                      <li key={e.bookingId}>
                        <Link to={`/sessions/${e.sessionId}`}>{e.kindName}</Link>,{" "}
                        {formatSpan(e.startsAt, e.endsAt, timeZone)} —{" "}
                        {hours ? <span className="evidence-minutes">counts {formatMinutes(e.minutes)}</span> : "counts"}
                      </li>
                    ))}
                    {m.evidence.awaitingReflection.map((e) => (
                      <li key={e.bookingId}>
                        <Link to={`/sessions/${e.sessionId}#reflection`}>{e.kindName}</Link>,{" "}
                        {formatSpan(e.startsAt, e.endsAt, timeZone)} —{" "}
                        {hours
                          ? `write your reflection to count its ${formatMinutes(e.minutes)}`
                          : "write your reflection to count it"}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <p className="item-meta">
                  {m.completion && isDone(m.standing)
                    ? `Completed ${formatDay(m.completion.completedAt, timeZone)}`
                    : m.assignment
                      ? `Due ${formatDueDay(m.assignment.dueOn)} (${relativeDay(m.assignment.dueAt - 1, now, timeZone)})`
                      : "Core module, no due date"}
                  {m.expiresAt
                    ? ` · ${m.expiresAt > now ? "valid until" : "expired on"} ${formatDay(m.expiresAt, timeZone)}`
                    : ""}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
