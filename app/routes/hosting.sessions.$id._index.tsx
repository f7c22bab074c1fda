import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { redirectWithNotice } from "~/auth.server";
import type { Db } from "~/db.server";
import { CancelPanel } from "~/components/hosting/cancel-panel";
import { Roster } from "~/components/hosting/roster";
import { SessionOverview } from "~/components/hosting/session-details";
import { hostActionMessage, sessionCancelMessage, type AttendanceStatus } from "~/domain/bookings";
import { hostActions, seatActions } from "~/domain/hosting";
import { describeRule } from "~/domain/recurrence";
import { formatDateTime, formatDay, formatSpan, relativeDay, zoneLabel } from "~/domain/time";
import { cancelSession, recordAttendance, saveHostNote } from "~/models/bookings.server";
import { cancelReach, roster, sessionOfBooking, sessionsToCancel } from "~/models/hosted-sessions.server";
import { cancelFollowingSessions } from "~/models/series-cancel.server";
import { sessionToManage } from "~/hosting-pages.server";
import {
  AttendanceSchema,
  CancelSessionSchema,
  detailsOf,
  HostNoteSchema,
  type SessionPageRefusal,
} from "~/schemas/hosting";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.kindName}, ${data.when} · Sessions you host · Frontline` : "Session · Frontline" },
];

export async function loader(args: LoaderFunctionArgs) {
  const { viewer, managed } = await sessionToManage(args);
  const { db, now } = args.context;
  const { session, kind, series } = managed;
  const timeZone = viewer.timeZone;
  const may = hostActions(session, now);
  const confirmingCancel = new URL(args.request.url).searchParams.has("cancel") && may.cancel;
  return {
    timeZone,
    zone: zoneLabel(session.startsAt, timeZone),
    hostZoneNote:
      session.timeZone !== timeZone
        ? `${formatSpan(session.startsAt, session.endsAt, session.timeZone)} in the host's zone (${zoneLabel(session.startsAt, session.timeZone)})`
        : null,
    when: formatSpan(session.startsAt, session.endsAt, timeZone),
    day: formatDay(session.startsAt, timeZone),
    relative: relativeDay(session.startsAt, now, timeZone),
    session: {
      ...detailsOf(session),
      id: session.id,
      kindName: kind.name,
      onSite: kind.onSite,
      hostName: managed.hostName,
      hostIsViewer: session.hostId === viewer.id,
      status: session.status,
      cancelReason: session.cancelReason,
      cancelledAt: session.cancelledAt,
    },
    series: series ? { description: describeRule(series, { cancelled: managed.seriesCancelled }) } : null,
    counts: managed.counts,
    started: session.startsAt <= now,
    ended: session.endsAt <= now,
    may,
    confirmingCancel,
    cancelReach: confirmingCancel ? await cancelChoices(db, session, now) : null,
    roster: (await roster(db, session.id)).map((entry) => ({ ...entry, may: seatActions(session, entry, now) })),
  };
}

/** What each cancel choice reaches; "following" only where the series goes on after this session. */
async function cancelChoices(db: Db, session: { id: number; seriesId: number | null; startsAt: number }, now: number) {
  const one = await cancelReach(db, [session.id]);
  const following =
    session.seriesId === null ? null : await cancelReach(db, await sessionsToCancel(db, session, "following", now));
  return { one, following: following && following.sessions > 1 ? following : null };
}

const STATUS_DONE: Record<AttendanceStatus, (name: string) => string> = {
  attended: (name) => `${name} attended — thanks for confirming.`,
  no_show: (name) => `${name} is marked as a no-show.`,
  booked: (name) => `${name}'s attendance is undone; their seat is booked again.`,
};

function refuse(refusal: SessionPageRefusal) {
  return data(refusal, { status: 400 });
}

/** The first sentence of a refused submission, for the top of the page. */
function firstError(error: Record<string, string[] | null> | null | undefined): string {
  return Object.values(error ?? {}).flat()[0] ?? "That didn't work — try again.";
}

/** An action's arguments, with who is asking and the session they manage. */
type ActionArgs = ActionFunctionArgs & Awaited<ReturnType<typeof sessionToManage>>;

export async function action(args: ActionFunctionArgs) {
  const asked: ActionArgs = { ...args, ...(await sessionToManage(args)) };
  const formData = await args.request.formData();
  switch (formData.get("intent")) {
    case "attendance":
      return confirmAttendance(asked, formData);
    case "note":
      return keepNote(asked, formData);
    case "cancel":
      return cancel(asked, formData);
    default:
      return refuse({
        intent: null,
        bookingId: null,
        message: "That action isn't available on this page.",
        result: null,
      });
  }
}

async function confirmAttendance({ request, context, viewer, managed }: ActionArgs, formData: FormData) {
  const submission = parseWithZod(formData, { schema: AttendanceSchema });
  const bookingId = Number(formData.get("bookingId")) || null;
  const refused = (message: string) =>
    refuse({ intent: "attendance", bookingId, message, result: submission.reply({ formErrors: [message] }) });
  if (submission.status !== "success") return refused(firstError(submission.error));
  const { status } = submission.value;
  const sessionId = managed.session.id;
  if ((await sessionOfBooking(context.db, submission.value.bookingId)) !== sessionId) {
    return refused("That booking isn't on this session.");
  }
  const result = await recordAttendance(context.db, {
    bookingId: submission.value.bookingId,
    actorId: viewer.id,
    status,
    now: context.now,
  });
  if (!result.ok) return refused(hostActionMessage(result.reason));
  const entry = (await roster(context.db, sessionId)).find((r) => r.bookingId === result.booking.id);
  return redirectWithNotice(request, `/hosting/sessions/${sessionId}`, {
    tone: "ok",
    message: STATUS_DONE[status](entry?.personName ?? "The shadow"),
  });
}

async function keepNote({ request, context, viewer, managed }: ActionArgs, formData: FormData) {
  const submission = parseWithZod(formData, { schema: HostNoteSchema });
  const bookingId = Number(formData.get("bookingId")) || null;
  const refused = (message: string, beside?: "note") =>
    refuse({
      intent: "note",
      bookingId,
      message,
      result: submission.reply(beside ? { fieldErrors: { [beside]: [message] } } : { formErrors: [message] }),
    });
  if (submission.status !== "success") {
    return refuse({ intent: "note", bookingId, message: firstError(submission.error), result: submission.reply() });
  }
  const sessionId = managed.session.id;
  if ((await sessionOfBooking(context.db, submission.value.bookingId)) !== sessionId) {
    return refused("That booking isn't on this session.");
  }
  const result = await saveHostNote(context.db, {
    bookingId: submission.value.bookingId,
    actorId: viewer.id,
    text: submission.value.note,
    now: context.now,
  });
  if (!result.ok) return refused(hostActionMessage(result.reason), "note");
  return redirectWithNotice(request, `/hosting/sessions/${sessionId}`, {
    tone: "ok",
    message: result.booking.hostNote ? "Note saved." : "Note cleared.",
  });
}

async function cancel({ request, context, viewer, managed }: ActionArgs, formData: FormData) {
  const submission = parseWithZod(formData, { schema: CancelSessionSchema });
  const refused = (result: SessionPageRefusal["result"]) =>
    refuse({ intent: "cancel", bookingId: null, message: null, result });
  if (submission.status !== "success") return refused(submission.reply());
  const sessionId = managed.session.id;
  const asked = { sessionId, actorId: viewer.id, reason: submission.value.reason, now: context.now };
  const result =
    submission.value.scope === "following" && managed.session.seriesId !== null
      ? await cancelFollowingSessions(context.db, asked)
      : await cancelSession(context.db, asked);
  if (!result.ok) {
    const message = sessionCancelMessage(result.reason);
    return refuse({ intent: "cancel", bookingId: null, message, result: submission.reply({ formErrors: [message] }) });
  }
  const sessions = "cancelled" in result ? result.cancelled.length : 1;
  const told = new Set(result.affected.map((b) => b.personId)).size;
  return redirectWithNotice(request, `/hosting/sessions/${sessionId}`, {
    tone: "ok",
    message: `${sessions === 1 ? "The session is cancelled." : `${sessions} sessions of the series are cancelled.`} ${
      told === 0
        ? `Nobody had booked ${sessions === 1 ? "it" : "them"}.`
        : `${peopleWords(told)} booked or waiting will see ${sessions === 1 ? "it" : "them"} in their bookings and calendars.`
    }`,
  });
}

/** "The person", "Both people", "The 7 people". */
function peopleWords(count: number): string {
  return count === 1 ? "The person" : count === 2 ? "Both people" : `The ${count} people`;
}

export default function HostedSessionPage() {
  const page = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const { session, counts } = page;

  const overview = (
    <SessionOverview
      session={session}
      when={page.when}
      hostZoneNote={page.hostZoneNote}
      series={page.series}
      counts={counts}
      started={page.started}
    />
  );
  const roster = (
    <Roster
      entries={page.roster}
      started={page.started}
      cancelled={session.status === "cancelled"}
      timeZone={page.timeZone}
      refusal={refusal}
    />
  );

  return (
    <>
      <p className="backlink">
        <Link to="/hosting">← Sessions you host</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">{page.series ? "Hosting · weekly series" : "Hosting"}</p>
          <h1>{session.kindName}</h1>
          <p className="lead">
            {page.when} <span className="muted">({page.zone})</span> · {page.relative}
            {session.hostIsViewer ? "" : ` · hosted by ${session.hostName}`}
          </p>
        </div>
        <div className="header-actions">
          {page.may.edit ? (
            <Link to={`/hosting/sessions/${session.id}/edit`} className="button">
              Edit
            </Link>
          ) : null}
          {page.may.cancel && !page.confirmingCancel ? (
            <Link to={`/hosting/sessions/${session.id}?cancel=1`} className="button button-danger" preventScrollReset>
              Cancel session…
            </Link>
          ) : null}
          <Link to={`/sessions/${session.id}`} className="button button-secondary">
            View as a shadow
          </Link>
        </div>
      </div>

      {refusal?.message && !(refusal.intent === "cancel" && page.confirmingCancel) ? (
        <div className="notice notice-error" role="alert">
          <p>{refusal.message}</p>
        </div>
      ) : null}

      {session.status === "cancelled" ? (
        <div className="notice notice-error">
          <p>
            <strong>Cancelled</strong>
            {session.cancelledAt ? ` on ${formatDateTime(session.cancelledAt, page.timeZone)}` : ""}.{" "}
            {session.cancelReason ? `Reason: ${session.cancelReason}` : "No reason was given."} The people who had
            booked see it cancelled in their bookings and calendars.
          </p>
        </div>
      ) : page.may.confirmAttendance && counts.awaiting > 0 ? (
        <div className="notice notice-warn">
          <p>
            This session has {page.ended ? "ended" : "started"}. Attendance to confirm for{" "}
            {counts.awaiting === 1 ? "1 person" : `${counts.awaiting} people`}: mark who came below.
          </p>
        </div>
      ) : null}

      {page.confirmingCancel ? (
        <CancelPanel
          sessionId={session.id}
          kindName={session.kindName}
          when={page.when}
          day={page.day}
          reach={page.cancelReach ?? { one: { sessions: 1, people: 0 }, following: null }}
          refusal={refusal}
        />
      ) : null}

      {page.started ? (
        <>
          {roster}
          {overview}
        </>
      ) : (
        <>
          {overview}
          {roster}
        </>
      )}
    </>
  );
}
