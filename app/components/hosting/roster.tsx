/**
 * Who booked a session, as its host sees them: seats, the waitlist in order, and cancellations
 * folded away; per seat, attendance buttons once the session has started, the shadow's
 * reflection, and the host's own note.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { ErrorList, TextareaField } from "~/components/forms";
import { HOST_NOTE_MAX } from "~/domain/bookings";
import { formatDateTime } from "~/domain/time";
import type { RosterEntry } from "~/models/hosted-sessions.server";
import { HostNoteSchema, type SessionPageRefusal } from "~/schemas/hosting";

export type RosterSeat = RosterEntry & {
  /** What the host may do with this booking now (app/domain/hosting.ts `seatActions`). */
  may: { confirmAttendance: boolean; note: boolean };
};

const STATUS_BADGES: Record<RosterEntry["status"], { label: string; tone: string }> = {
  booked: { label: "Booked", tone: "badge-info" },
  waitlisted: { label: "Waitlist", tone: "badge-warn" },
  attended: { label: "Attended", tone: "badge-ok" },
  no_show: { label: "No-show", tone: "badge-danger" },
  cancelled: { label: "Cancelled", tone: "" },
};

export function Roster({
  entries,
  started,
  cancelled,
  timeZone,
  refusal,
}: {
  entries: RosterSeat[];
  started: boolean;
  /** Whether the session itself was cancelled. */
  cancelled: boolean;
  timeZone: string;
  refusal: SessionPageRefusal | undefined;
}) {
  const live = entries.filter((e) => e.status !== "cancelled");
  const gone = entries.filter((e) => e.status === "cancelled");
  return (
    <section className="roster-section" aria-labelledby="roster-heading">
      <div className="section-header">
        <h2 id="roster-heading">{started ? "Who came" : "Who's coming"}</h2>
        {!started && !cancelled && live.some((e) => e.status === "booked") ? (
          <span className="small muted">You can confirm attendance once the session starts.</span>
        ) : null}
      </div>
      {live.length === 0 ? (
        <div className="empty">
          <strong>{cancelled ? "Nobody was booked" : "No one has booked yet"}</strong>
          <p>
            {cancelled
              ? "This session was cancelled."
              : "Colleagues find this session under Find sessions; managers can book their teams onto it."}
          </p>
        </div>
      ) : (
        <ul className="roster">
          {live.map((entry) => (
            <RosterItem
              key={entry.bookingId}
              entry={entry}
              timeZone={timeZone}
              refusal={refusal?.bookingId === entry.bookingId ? refusal : undefined}
            />
          ))}
        </ul>
      )}
      {gone.length > 0 ? (
        <details className="cancelled-bookings">
          <summary>{gone.length === 1 ? "One cancelled booking" : `${gone.length} cancelled bookings`}</summary>
          <ul className="list">
            {gone.map((e) => (
              <li key={e.bookingId}>
                <span className="item-title">{e.personName}</span>{" "}
                <span className="item-meta">· {e.departmentName}</span>
                <div className="item-meta">
                  Cancelled{e.cancelledAt ? ` ${formatDateTime(e.cancelledAt, timeZone)}` : ""}
                </div>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

function bookedBy(entry: RosterEntry): string {
  if (entry.bookedBySelf) return "Booked themselves";
  if (entry.source === "planner") return `Booked by ${entry.bookedByName} with the planner`;
  return `Booked by ${entry.bookedByName}${entry.source === "manager" ? " (manager)" : ""}`;
}

function RosterItem({
  entry,
  timeZone,
  refusal,
}: {
  entry: RosterSeat;
  timeZone: string;
  /** The page's refusal, when it was about this booking. */
  refusal: SessionPageRefusal | undefined;
}) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formData?.get("bookingId") === String(entry.bookingId);
  const badge = STATUS_BADGES[entry.status];
  return (
    <li className="roster-item card" id={`booking-${entry.bookingId}`} aria-labelledby={`person-${entry.bookingId}`}>
      <div className="roster-head">
        <div className="roster-who">
          <span className="item-title" id={`person-${entry.bookingId}`}>
            {entry.personName}
          </span>
          <span className="item-meta">{entry.departmentName}</span>
        </div>
        <span className={`badge ${badge.tone}`}>
          {entry.status === "waitlisted" && entry.waitlistPlace !== null
            ? `Waitlist #${entry.waitlistPlace}`
            : badge.label}
        </span>
      </div>
      <div className="item-meta">
        {bookedBy(entry)} · {formatDateTime(entry.bookedAt, timeZone)}
      </div>

      {entry.may.confirmAttendance ? (
        <AttendanceForm
          entry={entry}
          pending={pending}
          refusal={refusal?.intent === "attendance" ? refusal : undefined}
        />
      ) : null}

      {entry.reflection ? (
        <figure className="host-reflection">
          <blockquote className="pre-wrap">{entry.reflection}</blockquote>
          <figcaption className="small muted">
            Reflection{entry.reflectedAt ? `, written ${formatDateTime(entry.reflectedAt, timeZone)}` : ""}
          </figcaption>
        </figure>
      ) : entry.status === "attended" ? (
        <p className="small muted">No reflection yet.</p>
      ) : null}

      {entry.may.note ? (
        <NoteForm entry={entry} pending={pending} refusal={refusal?.intent === "note" ? refusal : undefined} />
      ) : null}
    </li>
  );
}

/** Attended / No-show for a booked seat, or Undo once recorded. */
function AttendanceForm({
  entry,
  pending,
  refusal,
}: {
  entry: RosterSeat;
  pending: boolean;
  refusal: SessionPageRefusal | undefined;
}) {
  const [form] = useForm({ id: `attendance-${entry.bookingId}`, lastResult: refusal?.result });
  return (
    <>
      <Form method="post" className="attendance" preventScrollReset {...getFormProps(form)}>
        <input type="hidden" name="intent" value="attendance" />
        <input type="hidden" name="bookingId" value={entry.bookingId} />
        {entry.status === "booked" ? (
          <>
            <button type="submit" name="status" value="attended" className="button button-small" disabled={pending}>
              Attended
              <span className="visually-hidden"> — {entry.personName}</span>
            </button>
            <button
              type="submit"
              name="status"
              value="no_show"
              className="button button-small button-secondary"
              disabled={pending}
            >
              No-show
              <span className="visually-hidden"> — {entry.personName}</span>
            </button>
          </>
        ) : (
          <button
            type="submit"
            name="status"
            value="booked"
            className="button button-small button-secondary"
            disabled={pending}
          >
            Undo
            <span className="visually-hidden">
              {" "}
              {entry.status === "attended" ? "attended" : "no-show"} for {entry.personName}
            </span>
          </button>
        )}
      </Form>
      <ErrorList id={form.errorId} errors={form.errors} />
    </>
  );
}

/** The host's own note on a seat, folded away until opened (or refused). */
function NoteForm({
  entry,
  pending,
  refusal,
}: {
  entry: RosterSeat;
  pending: boolean;
  refusal: SessionPageRefusal | undefined;
}) {
  const [form, fields] = useForm({
    id: `note-${entry.bookingId}`,
    lastResult: refusal?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: HostNoteSchema }),
    defaultValue: { note: entry.hostNote },
  });
  const refused = Boolean(fields.note.errors?.length || form.errors?.length);
  return (
    <details className="host-note" open={refused}>
      <summary>
        {entry.hostNote ? "Your note" : "Add a note"}
        <span className="visually-hidden"> on {entry.personName}</span>
      </summary>
      {entry.hostNote ? <p className="pre-wrap note-text">{entry.hostNote}</p> : null}
      <Form method="post" className="form note-form" preventScrollReset {...getFormProps(form)}>
        <input type="hidden" name="intent" value="note" />
        <input type="hidden" name="bookingId" value={entry.bookingId} />
        <TextareaField
          meta={fields.note}
          label={`Note on ${entry.personName}`}
          hint="For your own records, e.g. what to show them next time. Leave it empty to remove it."
          rows={2}
          textareaProps={{ maxLength: HOST_NOTE_MAX }}
        />
        <ErrorList id={form.errorId} errors={form.errors} />
        <div>
          <button type="submit" className="button button-small button-secondary" disabled={pending}>
            Save note
            <span className="visually-hidden"> on {entry.personName}</span>
          </button>
        </div>
      </Form>
    </details>
  );
}
