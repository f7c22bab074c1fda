import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { z } from "zod";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { FieldError, fieldProps } from "~/components/forms";
import { getDb } from "~/db.server";
import {
  CANCEL_REASON_MAX,
  HOST_NOTE_MAX,
  hostActionMessage,
  sessionCancelMessage,
} from "~/domain/bookings";
import { describeRule } from "~/domain/recurrence";
import {
  formatDateTime,
  formatSpan,
  relativeDay,
  zoneLabel,
} from "~/domain/time";
import { parseForm } from "~/forms";
import {
  cancelSession,
  recordAttendance,
  saveHostNote,
} from "~/models/bookings.server";
import {
  roster,
  sessionOfBooking,
  sessionToManage,
  type RosterEntry,
} from "~/models/hosting.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.session.kindName}, ${data.when} · My sessions · Frontline`
      : "Session · Frontline",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "host", "admin");
  const managed = await sessionToManage(getDb(), viewer, params.id);
  const now = Date.now();
  const { session, kind, series } = managed;
  const timeZone = viewer.timeZone;
  const started = session.startsAt <= now;
  const scheduled = session.status === "scheduled";
  return {
    now,
    timeZone,
    zone: zoneLabel(session.startsAt, timeZone),
    hostZoneNote:
      session.timeZone !== timeZone
        ? `${formatSpan(session.startsAt, session.endsAt, session.timeZone)} in the host's zone (${zoneLabel(session.startsAt, session.timeZone)})`
        : null,
    when: formatSpan(session.startsAt, session.endsAt, timeZone),
    relative: relativeDay(session.startsAt, now, timeZone),
    session: {
      id: session.id,
      kindName: kind.name,
      onSite: kind.onSite,
      hostName: managed.hostName,
      hostIsViewer: session.hostId === viewer.id,
      status: session.status,
      cancelReason: session.cancelReason,
      cancelledAt: session.cancelledAt,
      location: session.location,
      meetingUrl: session.meetingUrl,
      customerName: session.customerName,
      customerConfidential: session.customerConfidential,
      seats: session.seats,
      departmentCap: session.departmentCap,
      notes: session.notes,
      endsAt: session.endsAt,
    },
    series: series
      ? { description: describeRule(series), size: managed.seriesSize }
      : null,
    counts: managed.counts,
    started,
    canEdit: scheduled && !started,
    canCancel: scheduled && !started,
    canConfirm: scheduled && started,
    confirmingCancel:
      new URL(request.url).searchParams.has("cancel") && scheduled && !started,
    roster: await roster(getDb(), session.id),
  };
}

const AttendanceForm = z.object({
  bookingId: z.coerce.number().int().positive(),
  status: z.enum(["attended", "no_show", "booked"], {
    message: "Choose attended, no-show or undo.",
  }),
});

const NoteForm = z.object({
  bookingId: z.coerce.number().int().positive(),
  note: z
    .string()
    .max(HOST_NOTE_MAX, `Keep the note to ${HOST_NOTE_MAX} characters.`),
});

const CancelForm = z.object({
  reason: z
    .string()
    .optional()
    .default("")
    .refine(
      (r) => r.trim().length <= CANCEL_REASON_MAX,
      `Keep the reason to ${CANCEL_REASON_MAX} characters.`,
    ),
});

type ActionResult = {
  intent: string;
  bookingId: number | null;
  error: string | null;
  errors: Record<string, string[] | undefined>;
  values: Record<string, string>;
};

function refuse(result: Partial<ActionResult> & { intent: string }) {
  return data<ActionResult>(
    { bookingId: null, error: null, errors: {}, values: {}, ...result },
    { status: 400 },
  );
}

const STATUS_DONE: Record<
  "attended" | "no_show" | "booked",
  (name: string) => string
> = {
  attended: (name) => `${name} attended — thanks for confirming.`,
  no_show: (name) => `${name} is marked as a no-show.`,
  booked: (name) =>
    `${name}'s attendance is undone; their seat is booked again.`,
};

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "host", "admin");
  const sessionId = (await sessionToManage(getDb(), viewer, params.id)).session.id;
  const db = getDb();
  const now = Date.now();
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const here = `/hosting/sessions/${sessionId}`;

  if (intent === "attendance" || intent === "note") {
    const parsed =
      intent === "attendance"
        ? parseForm(AttendanceForm, form)
        : parseForm(NoteForm, form);
    const bookingId = Number(form.get("bookingId")) || null;
    if (!parsed.ok) {
      return refuse({
        intent,
        bookingId,
        errors: parsed.errors,
        values: parsed.values,
        error: Object.values(parsed.errors).flat()[0] ?? null,
      });
    }
    if ((await sessionOfBooking(db, parsed.data.bookingId)) !== sessionId) {
      return refuse({
        intent,
        bookingId,
        error: "That booking isn't on this session.",
      });
    }
    if ("status" in parsed.data) {
      const result = await recordAttendance(db, {
        bookingId: parsed.data.bookingId,
        actorId: viewer.id,
        status: parsed.data.status,
        now,
      });
      if (!result.ok)
        return refuse({
          intent,
          bookingId,
          error: hostActionMessage(result.reason),
        });
      const entry = (await roster(db, sessionId)).find(
        (r) => r.bookingId === parsed.data.bookingId,
      );
      return redirectWithNotice(request, here, {
        tone: "ok",
        message: STATUS_DONE[parsed.data.status](
          entry?.personName ?? "The shadow",
        ),
      });
    }
    const result = await saveHostNote(db, {
      bookingId: parsed.data.bookingId,
      actorId: viewer.id,
      text: parsed.data.note,
      now,
    });
    if (!result.ok) {
      return refuse({
        intent,
        bookingId,
        error: hostActionMessage(result.reason),
        values: parsed.values,
        errors: { note: [hostActionMessage(result.reason)] },
      });
    }
    return redirectWithNotice(request, here, {
      tone: "ok",
      message: result.booking.hostNote ? "Note saved." : "Note cleared.",
    });
  }

  if (intent === "cancel") {
    const parsed = parseForm(CancelForm, form);
    if (!parsed.ok)
      return refuse({ intent, errors: parsed.errors, values: parsed.values });
    const result = await cancelSession(db, {
      sessionId,
      actorId: viewer.id,
      reason: parsed.data.reason,
      now,
    });
    if (!result.ok)
      return refuse({
        intent,
        error: sessionCancelMessage(result.reason),
        values: parsed.values,
      });
    const told = result.affected.length;
    return redirectWithNotice(request, here, {
      tone: "ok",
      message:
        told === 0
          ? "The session is cancelled. Nobody had booked it."
          : `The session is cancelled. ${told === 1 ? "The person" : `The ${told} people`} booked or waiting will see it in their bookings and calendars.`,
    });
  }

  return refuse({ intent, error: "That action isn't available on this page." });
}

export default function HostedSessionPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { session, counts, roster: entries } = page;
  const live = entries.filter((e) => e.status !== "cancelled");
  const cancelled = entries.filter((e) => e.status === "cancelled");
  const seatsPercent = Math.min(
    100,
    Math.round((counts.seated / session.seats) * 100),
  );

  const overview = (
    <div className="grid grid-2 session-overview">
      <section className="card" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="detail-list">
          <dt>When</dt>
          <dd>
            {page.when}
            {page.hostZoneNote ? (
              <div className="small muted">{page.hostZoneNote}</div>
            ) : null}
          </dd>
          <dt>{session.onSite ? "Where" : "Link"}</dt>
          <dd>
            {session.onSite ? (
              session.location || "No location given"
            ) : session.meetingUrl ? (
              <a href={session.meetingUrl} className="break-anywhere">
                {session.meetingUrl}
              </a>
            ) : (
              "No link given"
            )}
          </dd>
          <dt>Customer</dt>
          <dd>
            {session.customerName || <span className="muted">Not given</span>}
            {session.customerConfidential ? (
              <>
                {" "}
                <span className="badge badge-warn">Confidential</span>
              </>
            ) : null}
          </dd>
          {page.series ? (
            <>
              <dt>Repeats</dt>
              <dd>
                {page.series.description}
                <div className="small muted">
                  {page.series.size} sessions in this series
                </div>
              </dd>
            </>
          ) : null}
          {session.notes ? (
            <>
              <dt>Notes</dt>
              <dd className="pre-wrap">{session.notes}</dd>
            </>
          ) : null}
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
        <div
          className="meter"
          role="img"
          aria-label={`${counts.seated} of ${session.seats} seats booked`}
        >
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
          {page.started ? (
            <li>
              {counts.attended} attended · {counts.reflections}{" "}
              {counts.reflections === 1 ? "reflection" : "reflections"} written
            </li>
          ) : null}
        </ul>
      </section>
    </div>
  );

  const rosterSection = (
    <section className="roster-section" aria-labelledby="roster-heading">
      <div className="section-header">
        <h2 id="roster-heading">
          {page.started ? "Who came" : "Who's coming"}
        </h2>
        {!page.started &&
        session.status === "scheduled" &&
        live.some((e) => e.status === "booked") ? (
          <span className="small muted">
            You can confirm attendance once the session starts.
          </span>
        ) : null}
      </div>
      {live.length === 0 ? (
        <div className="empty">
          <strong>
            {session.status === "cancelled"
              ? "Nobody was booked"
              : "No one has booked yet"}
          </strong>
          <p>
            {session.status === "cancelled"
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
              canConfirm={page.canConfirm}
              canNote={
                session.status === "scheduled" || entry.status !== "booked"
              }
              timeZone={page.timeZone}
              actionData={actionData}
            />
          ))}
        </ul>
      )}
      {cancelled.length > 0 ? (
        <details className="cancelled-bookings">
          <summary>
            {cancelled.length === 1
              ? "One cancelled booking"
              : `${cancelled.length} cancelled bookings`}
          </summary>
          <ul className="list">
            {cancelled.map((e) => (
              <li key={e.bookingId}>
                <span className="item-title">{e.personName}</span>{" "}
                <span className="item-meta">· {e.departmentName}</span>
                <div className="item-meta">
                  Cancelled
                  {e.cancelledAt
                    ? ` ${formatDateTime(e.cancelledAt, page.timeZone)}`
                    : ""}
                </div>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );

  return (
    <>
      <p className="backlink">
        <Link to="/hosting">← My sessions</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            {page.series ? "Hosting · weekly series" : "Hosting"}
          </p>
          <h1>{session.kindName}</h1>
          <p className="lead">
            {page.when} <span className="muted">({page.zone})</span> ·{" "}
            {page.relative}
            {session.hostIsViewer ? "" : ` · hosted by ${session.hostName}`}
          </p>
        </div>
        <div className="header-actions">
          {page.canEdit ? (
            <Link
              to={`/hosting/sessions/${session.id}/edit`}
              className="button"
            >
              Edit
            </Link>
          ) : null}
          {page.canCancel && !page.confirmingCancel ? (
            <Link
              to={`/hosting/sessions/${session.id}?cancel=1`}
              className="button button-danger"
              preventScrollReset
            >
              Cancel session…
            </Link>
          ) : null}
          <Link
            to={`/sessions/${session.id}`}
            className="button button-secondary"
          >
            View as a shadow
          </Link>
        </div>
      </div>

      {actionData?.error && actionData.intent !== "cancel" ? (
        <div className="notice notice-error" role="alert">
          <p>{actionData.error}</p>
        </div>
      ) : null}

      {session.status === "cancelled" ? (
        <div className="notice notice-error">
          <p>
            <strong>Cancelled</strong>
            {session.cancelledAt
              ? ` on ${formatDateTime(session.cancelledAt, page.timeZone)}`
              : ""}
            .{" "}
            {session.cancelReason
              ? `Reason: ${session.cancelReason}`
              : "No reason was given."}{" "}
            The people who had booked see it cancelled in their bookings and
            calendars.
          </p>
        </div>
      ) : page.canConfirm && counts.awaiting > 0 ? (
        <div className="notice notice-warn">
          <p>
            This session has {session.endsAt <= page.now ? "ended" : "started"}.
            Confirm who came below —{" "}
            {counts.awaiting === 1
              ? "one seat is"
              : `${counts.awaiting} seats are`}{" "}
            still waiting.
          </p>
        </div>
      ) : null}

      {page.confirmingCancel ? (
        <CancelPanel page={page} actionData={actionData} />
      ) : null}

      {page.started ? (
        <>
          {rosterSection}
          {overview}
        </>
      ) : (
        <>
          {overview}
          {rosterSection}
        </>
      )}
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type ActionData = ReturnType<typeof useActionData<typeof action>>;

function CancelPanel({
  page,
  actionData,
}: {
  page: LoaderData;
  actionData: ActionData;
}) {
  const navigation = useNavigation();
  const busy =
    navigation.state === "submitting" &&
    navigation.formData?.get("intent") === "cancel";
  const affected = page.counts.seated + page.counts.waitlisted;
  const errors =
    actionData?.intent === "cancel" ? actionData.errors : undefined;
  return (
    <section className="card confirm-card" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel this session?</h2>
      <p>
        {page.session.kindName}, {page.when}.{" "}
        {affected === 0
          ? "Nobody has booked it yet."
          : `${affected === 1 ? "The one person" : `All ${affected} people`} booked or waiting will see it cancelled in their bookings, and their calendars will drop it.`}{" "}
        This can't be undone; the record stays.
      </p>
      {actionData?.intent === "cancel" && actionData.error ? (
        <div className="notice notice-error" role="alert">
          <p>{actionData.error}</p>
        </div>
      ) : null}
      <Form method="post" className="form" preventScrollReset>
        <input type="hidden" name="intent" value="cancel" />
        <div className="field">
          <label htmlFor="reason">Reason</label>
          <span className="hint" id="reason-hint">
            Optional. Shown to the people booked, e.g. “I'm on a training day —
            see you next week.”
          </span>
          <textarea
            rows={3}
            maxLength={CANCEL_REASON_MAX}
            defaultValue={
              actionData?.intent === "cancel"
                ? (actionData.values.reason ?? "")
                : ""
            }
            {...fieldProps("reason", errors?.reason)}
            aria-describedby={[
              "reason-hint",
              errors?.reason?.length ? "reason-error" : null,
            ]
              .filter(Boolean)
              .join(" ")}
          />
          <FieldError name="reason" errors={errors?.reason} />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button-danger-solid"
            disabled={busy}
          >
            {busy ? "Cancelling…" : "Yes, cancel this session"}
          </button>
          <Link
            to={`/hosting/sessions/${page.session.id}`}
            className="button button-secondary"
            preventScrollReset
          >
            Keep the session
          </Link>
        </div>
      </Form>
    </section>
  );
}

const STATUS_BADGES: Record<
  RosterEntry["status"],
  { label: string; tone: string }
> = {
  booked: { label: "Booked", tone: "badge-info" },
  waitlisted: { label: "Waitlist", tone: "badge-warn" },
  attended: { label: "Attended", tone: "badge-ok" },
  no_show: { label: "No-show", tone: "badge-danger" },
  cancelled: { label: "Cancelled", tone: "" },
};

function RosterItem({
  entry,
  canConfirm,
  canNote,
  timeZone,
  actionData,
}: {
  entry: RosterEntry;
  canConfirm: boolean;
  canNote: boolean;
  timeZone: string;
  actionData: ActionData;
}) {
  const navigation = useNavigation();
  const pending =
    navigation.state !== "idle" &&
    navigation.formData?.get("bookingId") === String(entry.bookingId);
  const mine =
    actionData?.bookingId === entry.bookingId ? actionData : undefined;
  const badge = STATUS_BADGES[entry.status];
  const seated =
    entry.status === "booked" ||
    entry.status === "attended" ||
    entry.status === "no_show";
  const noteId = `note-${entry.bookingId}`;
  const noteError = mine?.intent === "note" ? mine.error : null;
  const by = entry.bookedBySelf
    ? "Booked themselves"
    : entry.source === "planner"
      ? `Booked by ${entry.bookedByName} with the planner`
      : `Booked by ${entry.bookedByName}${entry.source === "manager" ? " (manager)" : ""}`;

  return (
    <li
      className="roster-item card"
      id={`booking-${entry.bookingId}`}
      aria-labelledby={`person-${entry.bookingId}`}
    >
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
        {by} · {formatDateTime(entry.bookedAt, timeZone)}
      </div>

      {canConfirm && seated ? (
        <Form method="post" className="attendance" preventScrollReset>
          <input type="hidden" name="intent" value="attendance" />
          <input type="hidden" name="bookingId" value={entry.bookingId} />
          {entry.status === "booked" ? (
            <>
              <button
                type="submit"
                name="status"
                value="attended"
                className="button button-small"
                disabled={pending}
              >
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
                {entry.status === "attended" ? "attended" : "no-show"} for{" "}
                {entry.personName}
              </span>
            </button>
          )}
        </Form>
      ) : null}
      {mine?.intent === "attendance" && mine.error ? (
        <p className="field-error">{mine.error}</p>
      ) : null}

      {entry.reflection ? (
        <figure className="host-reflection">
          <blockquote className="pre-wrap">{entry.reflection}</blockquote>
          <figcaption className="small muted">
            Reflection
            {entry.reflectedAt
              ? `, written ${formatDateTime(entry.reflectedAt, timeZone)}`
              : ""}
          </figcaption>
        </figure>
      ) : entry.status === "attended" ? (
        <p className="small muted">No reflection yet.</p>
      ) : null}

      {seated && canNote ? (
        <details className="host-note" open={Boolean(noteError)}>
          <summary>
            {entry.hostNote ? "Your note" : "Add a note"}
            <span className="visually-hidden"> on {entry.personName}</span>
          </summary>
          {entry.hostNote ? (
            <p className="pre-wrap note-text">{entry.hostNote}</p>
          ) : null}
          <Form method="post" className="form note-form" preventScrollReset>
            <input type="hidden" name="intent" value="note" />
            <input type="hidden" name="bookingId" value={entry.bookingId} />
            <div className="field">
              <label htmlFor={noteId}>Note on {entry.personName}</label>
              <span className="hint" id={`${noteId}-hint`}>
                For your own records, e.g. what to show them next time. Leave it
                empty to remove it.
              </span>
              <textarea
                id={noteId}
                name="note"
                rows={2}
                maxLength={HOST_NOTE_MAX}
                defaultValue={
                  mine?.intent === "note"
                    ? (mine.values.note ?? entry.hostNote)
                    : entry.hostNote
                }
                aria-invalid={noteError ? true : undefined}
                aria-describedby={[
                  `${noteId}-hint`,
                  noteError ? `${noteId}-error` : null,
                ]
                  .filter(Boolean)
                  .join(" ")}
              />
              {noteError ? (
                <p className="field-error" id={`${noteId}-error`}>
                  {noteError}
                </p>
              ) : null}
            </div>
            <div>
              <button
                type="submit"
                className="button button-small button-secondary"
                disabled={pending}
              >
                Save note
                <span className="visually-hidden"> on {entry.personName}</span>
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </li>
  );
}
