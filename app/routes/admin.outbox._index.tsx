/**
 * /admin/outbox — every message Frontline has written, newest first: how many are in each state,
 * where mail goes now, and a list an admin filters by person, kind and state to find one to read
 * or send again.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { EmptyList, FilterButtons } from "~/components/admin-lists";
import { AdminHeader } from "~/components/admin-nav";
import { TableRegion } from "~/components/table-region";
import { MAX_ATTEMPTS } from "~/domain/mail/delivery";
import { isMailKind, KINDS, MAIL_KINDS } from "~/domain/mail/kinds";
import { formatDateTime, zoneLabel } from "~/domain/time";
import { mailSubject } from "~/mail/dispatcher.server";
import { mailDestination, mailFrom } from "~/mail/transport.server";
import { countByState, listMessages, type MailState } from "~/models/mail/outbox.server";
import { publicOrigin } from "~/origin.server";
import { requirePermission } from "~/permissions.server";
import {
  OUTBOX_STATE_HINTS,
  OUTBOX_STATE_LABELS,
  OUTBOX_STATE_TONES,
  OUTBOX_STATES,
  OutboxFilterSchema,
  type OutboxFilterInput,
} from "~/schemas/mail";
import { ListLink } from "~/components/list-link";

export const meta: MetaFunction = () => [{ title: "Outbox · Admin · Frontline" }];

const PER_PAGE = 25;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requirePermission({ request, context }, "admin:company");
  const { db, now } = context;
  const filters = OutboxFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const person = filters.person || undefined;
  const [page, counts] = await Promise.all([
    listMessages(db, { person, kind: filters.kind, state: filters.state }, { before: filters.before, limit: PER_PAGE }),
    countByState(db),
  ]);
  const origin = publicOrigin(request);
  const from = mailFrom();
  const destination = mailDestination();
  return {
    filters: { ...filters, person },
    counts,
    more: page.more,
    messages: page.rows.map((row) => ({
      id: row.id,
      kind: isMailKind(row.kind) ? KINDS[row.kind].label : row.kind,
      state: row.state,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      nextAttemptAt: row.nextAttemptAt,
      personId: row.personId,
      personName: row.personName,
      personEmail: row.personEmail,
      subject: subjectOf(row, { origin, now }),
    })),
    destination: destination.delivers
      ? `Mail is ${destination.description}, from ${from}.`
      : "Mail is kept here, not sent: no mail server is set. To send it, set SMTP_URL (and MAIL_FROM) where Frontline runs and restart it.",
    timeZone: viewer.timeZone,
    now,
  };
}

type ListedRow = Awaited<ReturnType<typeof listMessages>>["rows"][number];

/** The subject the message has (or would have) for its recipient; null when it can't be written out. */
function subjectOf(row: ListedRow, options: { origin: string; now: number }): string | null {
  if (!isMailKind(row.kind)) return null;
  const to = { id: row.personId, name: row.personName, email: row.personEmail, timeZone: row.personTimeZone };
  try {
    return mailSubject(row, row.kind, to, { ...options, now: row.sentAt ?? options.now });
  } catch {
    return null;
  }
}

function hrefWith(filters: OutboxFilterInput, change: Partial<OutboxFilterInput> = {}): string {
  const next = { ...filters, before: undefined, ...change };
  const params = new URLSearchParams();
  if (next.person) params.set("person", next.person);
  if (next.kind) params.set("kind", next.kind);
  if (next.state) params.set("state", next.state);
  if (next.before) params.set("before", String(next.before));
  const query = params.toString();
  return query ? `/admin/outbox?${query}` : "/admin/outbox";
}

function StateBadge({ state }: { state: MailState }) {
  const tone = OUTBOX_STATE_TONES[state];
  return <span className={tone ? `badge badge-${tone}` : "badge"}>{OUTBOX_STATE_LABELS[state]}</span>;
}

export default function Outbox() {
  const { filters, counts, more, messages, destination, timeZone, now } = useLoaderData<typeof loader>();
  const filtered = Boolean(filters.person || filters.kind || filters.state || filters.before);
  const when = (ms: number) => <time dateTime={new Date(ms).toISOString()}>{formatDateTime(ms, timeZone)}</time>;

  return (
    <>
      <AdminHeader
        title="Outbox"
        lead={
          <>
            Every message Frontline writes: invitations, cancellations, reminders, digests and account mail, newest
            first. Times are in your zone ({zoneLabel(now, timeZone)}).
          </>
        }
      />

      <p className="notice notice-info outbox-destination">{destination}</p>

      <nav aria-label="Messages by state">
        <ul className="outbox-counts">
          {OUTBOX_STATES.map((state) => (
            <li key={state}>
              <Link
                to={hrefWith({}, { state })}
                className={`card stat outbox-count${state === "failed" && counts.failed > 0 ? " outbox-count-danger" : ""}`}
                aria-current={filters.state === state && !filters.person && !filters.kind ? "page" : undefined}
              >
                <span className="stat-value">{counts[state].toLocaleString("en")}</span>
                <span className="stat-label">{OUTBOX_STATE_LABELS[state]}</span>
                <span className="item-meta">{OUTBOX_STATE_HINTS[state]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <Form method="get" className="admin-filters card" role="search" aria-label="Filter the outbox">
        <div className="field admin-filters-wide">
          <label htmlFor="person">To (name or e-mail)</label>
          <input type="search" id="person" name="person" defaultValue={filters.person ?? ""} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">All kinds</option>
            {MAIL_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KINDS[kind].label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="state">State</label>
          <select id="state" name="state" defaultValue={filters.state ?? ""}>
            <option value="">All states</option>
            {OUTBOX_STATES.map((state) => (
              <option key={state} value={state}>
                {OUTBOX_STATE_LABELS[state]}
              </option>
            ))}
          </select>
        </div>
        <FilterButtons label="Filter" clearTo="/admin/outbox" filtered={filtered} />
      </Form>

      {messages.length === 0 ? (
        <EmptyList
          filtered={filtered}
          noMatch={{
            title: "No message matches these filters",
            text: "Clear a filter, or look for part of the person's name or e-mail address.",
          }}
          nothingYet={{
            title: "No mail yet",
            text: "Messages appear here as people book, cancel and are assigned training, and as accounts are made.",
          }}
        />
      ) : (
        <>
          <TableRegion label="Messages">
            <table className="table-stack">
              <thead>
                <tr>
                  <th scope="col">Written</th>
                  <th scope="col">To</th>
                  <th scope="col">Message</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {messages.map((m) => (
                  <tr key={m.id}>
                    <td data-label="Written">{when(m.createdAt)}</td>
                    <td data-label="To" className="admin-wrap">
                      <div>
                        <ListLink to={`/admin/people/${m.personId}`}>{m.personName}</ListLink>
                        <div className="item-meta">{m.personEmail}</div>
                      </div>
                    </td>
                    <td data-label="Message" className="admin-wrap">
                      <div>
                        <span className="badge">{m.kind}</span>
                        <div>
                          <ListLink to={`/admin/outbox/${m.id}`}>{m.subject ?? `Message ${m.id}`}</ListLink>
                        </div>
                      </div>
                    </td>
                    <td data-label="State" className="admin-wrap">
                      <div>
                        <StateBadge state={m.state} />
                        {m.state === "sent" && m.sentAt !== null ? (
                          <div className="item-meta">Sent {when(m.sentAt)}</div>
                        ) : null}
                        {m.state === "pending" && m.attempts > 0 ? (
                          <div className="item-meta">
                            Tried {m.attempts} of {MAX_ATTEMPTS} times; next try {when(m.nextAttemptAt)}
                          </div>
                        ) : null}
                        {m.state === "failed" ? (
                          <div className="item-meta">
                            Tried {m.attempts} {m.attempts === 1 ? "time" : "times"}
                          </div>
                        ) : null}
                        {(m.state === "failed" || m.state === "pending" || m.state === "skipped") && m.lastError ? (
                          <div className="outbox-error small">{m.lastError}</div>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          {more || filters.before ? (
            <nav className="list-pager" aria-label="Pages">
              <p className="list-pager-status">
                {filters.before ? "Older messages" : `The newest ${messages.length} messages`}
              </p>
              <div className="row">
                {filters.before ? (
                  <Link className="button button-secondary button-small" to={hrefWith(filters)}>
                    ← Newest
                  </Link>
                ) : null}
                {more ? (
                  <Link
                    className="button button-secondary button-small"
                    to={hrefWith(filters, { before: messages[messages.length - 1].id })}
                    rel="next"
                  >
                    Older →
                  </Link>
                ) : null}
              </div>
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
