/**
 * The host's view of a session: its details and its seats. Every detail a session carries has an
 * entry in `DETAIL_ROWS`, or is a plain text detail (TEXT_DETAILS, app/domain/hosting.ts) shown as
 * "Label: text", so a new detail does not compile until the page says how it shows it.
 */
import { Fragment, type ReactNode } from "react";
import { TEXT_DETAIL_LIST, type SessionDetailField, type SessionDetails, type TextDetailField } from "~/domain/hosting";

type ShownSession = SessionDetails & { onSite: boolean };

type DetailRow = ((session: ShownSession) => ReactNode) | null;

/** A row of the Details card for a detail, or null where the page shows it elsewhere. */
const SPECIAL_ROWS = {
  location: (s) => (s.onSite ? <Row term="Where">{s.location || "No location given"}</Row> : null),
  meetingUrl: (s) =>
    s.onSite ? null : (
      <Row term="Link">
        {s.meetingUrl ? (
          <a href={s.meetingUrl} className="break-anywhere">
            {s.meetingUrl}
          </a>
        ) : (
          "No link given"
        )}
      </Row>
    ),
  customerName: (s) => (
    <Row term="Customer">
      {s.customerName || <span className="muted">Not given</span>}
      {s.customerConfidential ? (
        <>
          {" "}
          <span className="badge badge-warn">Confidential</span>
        </>
      ) : null}
    </Row>
  ),
  // Beside the customer's name.
  customerConfidential: null,
  // The Seats card.
  seats: null,
  departmentCap: null,
  notes: (s) =>
    s.notes ? (
      <Row term="Notes" className="pre-wrap">
        {s.notes}
      </Row>
    ) : null,
} satisfies Record<Exclude<SessionDetailField, TextDetailField>, DetailRow>;

/** A plain text detail, after the notes, when it is given. */
const TEXT_ROWS = Object.fromEntries(
  TEXT_DETAIL_LIST.map(([field, { label }]): [TextDetailField, DetailRow] => [
    field,
    (s) => (s[field] ? <Row term={label}>{s[field]}</Row> : null),
  ]),
) as Record<TextDetailField, DetailRow>;

const DETAIL_ROWS: Record<SessionDetailField, DetailRow> = { ...SPECIAL_ROWS, ...TEXT_ROWS };

function Row({ term, className, children }: { term: string; className?: string; children: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd className={className}>{children}</dd>
    </>
  );
}

export function SessionOverview({
  session,
  when,
  hostZoneNote,
  series,
  counts,
  started,
}: {
  session: ShownSession;
  when: string;
  /** The time in the host's own zone, when the viewer's differs. */
  hostZoneNote: string | null;
  series: { description: string } | null;
  counts: { seated: number; waitlisted: number; attended: number; reflections: number };
  started: boolean;
}) {
  const seatsPercent = Math.min(100, Math.round((counts.seated / session.seats) * 100));
  return (
    <div className="grid grid-2 session-overview">
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="detail-list">
          <Row term="When">
            {when}
            {hostZoneNote ? <div className="small muted">{hostZoneNote}</div> : null}
          </Row>
          {series ? <Row term="Repeats">{series.description}</Row> : null}
          {Object.entries(DETAIL_ROWS).map(([field, row]) => (
            <Fragment key={field}>{row?.(session)}</Fragment>
          ))}
        </dl>
      </section>

      <section className="card" aria-labelledby="seats-heading">
        <h2 id="seats-heading">Seats</h2>
        <p className="seat-count">
          <span className="stat-value">
            {counts.seated} of {session.seats}
          </span>{" "}
          <span className="stat-label">seats booked</span>
        </p>
        <div className="meter" role="img" aria-label={`${counts.seated} of ${session.seats} seats booked`}>
          <span style={{ width: `${seatsPercent}%` }} />
        </div>
        <ul className="seat-facts">
          <li>
            {counts.waitlisted === 0
              ? "Nobody on the waitlist"
              : `${counts.waitlisted} on the waitlist — they move up, in order, when a seat frees`}
          </li>
          <li>
            {session.departmentCap === null
              ? "No department cap"
              : `At most ${session.departmentCap} from any one department`}
          </li>
          {started ? (
            <li>
              {counts.attended} attended · {counts.reflections}{" "}
              {counts.reflections === 1 ? "reflection" : "reflections"} written
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );
}
