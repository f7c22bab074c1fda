import { getFormProps, useForm, type FieldMetadata, type FormMetadata, type Submission } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import type { z } from "zod";
import { redirectWithNotice } from "~/auth.server";
import { ErrorPage } from "~/components/error-page";
import { ConfirmActions, ConfirmStep } from "~/components/confirm-step";
import { FormErrors, TextareaField } from "~/components/forms";
import { Guide } from "~/components/guide";
import type { Viewer } from "~/domain/access";
import {
  bookedMessage,
  CANCEL_REASON_MAX,
  cancelRefusalMessage,
  leaveWaitlistWarning,
  peopleHeading,
  REFLECTION_MAX,
  reflectionMessage,
  refusalMessage,
  sessionOptions,
  type SessionOptions,
} from "~/domain/bookings";
import { formatDateTime, formatSpan, relativeDay, zoneLabel } from "~/domain/time";
import {
  attendanceOn,
  bookingOfPersonOn,
  bookSeat,
  cancelBooking,
  saveReflection,
  sessionDetails,
} from "~/models/bookings.server";
import { sessionPage, type SessionPage as Session } from "~/models/sessions.server";
import { notFound, requireId, requirePermission } from "~/permissions.server";
import { CancelSeatSchema, ConfirmLinkSchema } from "~/schemas/confirm";
import { BookSchema, ReflectionSchema } from "~/schemas/sessions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.session.kind.name} with ${data.session.host.name} · Frontline` : "Session · Frontline" },
];

const NO_SUCH_SESSION = "No such session.";

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "sessions:find");
  const { db, now } = args.context;
  const session = await sessionPage(db, viewer, requireId(args.params));
  if (!session) throw notFound(NO_SUCH_SESSION);
  const options = sessionOptions({
    session: { ...session, hostId: session.host.id },
    mine: session.myBooking,
    viewer,
    now,
  });
  // `?confirm=cancel` opens the step that asks before a seat or a waitlist place is given up.
  const { confirm } = ConfirmLinkSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams));
  return {
    now,
    session,
    timeZone: viewer.timeZone,
    zoneName: zoneLabel(session.startsAt, viewer.timeZone),
    options,
    confirmingCancel: confirm === "cancel" && options.canCancel,
    // Once a session took place its people are who came (or who was booked, until attendance is in).
    tookPlace: options.timing === "took_place" && !options.cancelled ? await attendanceOn(db, session.id) : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "sessions:find");
  const sessionId = requireId(args.params);
  if (!(await sessionDetails(args.context.db, sessionId))) throw notFound(NO_SUCH_SESSION);
  const formData = await args.request.formData();
  const seat = { viewer, sessionId, request: args.request, ...args.context };
  switch (formData.get("intent")) {
    case "book":
      return book(seat, formData);
    case "cancel":
      return cancel(seat, formData);
    case "reflect":
      return reflect(seat, formData);
    default:
      throw data("That action isn't available here.", { status: 400 });
  }
}

type SeatAction = Pick<ActionFunctionArgs["context"], "db" | "now"> & {
  viewer: Viewer;
  sessionId: number;
  request: Request;
};

type Intent = "book" | "cancel" | "reflect";

/** The form sent back to the one that sent it, with its problems and what was typed. */
function refused(intent: Intent, submission: Submission<unknown>, formError?: string) {
  const result = submission.reply(formError ? { formErrors: [formError] } : undefined);
  return data({ intent, result }, { status: 400 });
}

async function book({ viewer, sessionId, request, db, now }: SeatAction, formData: FormData) {
  const submission = parseWithZod(formData, { schema: BookSchema });
  if (submission.status !== "success") return refused("book", submission);
  const result = await bookSeat(db, { sessionId, personId: viewer.id, actorId: viewer.id, source: "self", now });
  if (!result.ok) return refused("book", submission, refusalMessage(result.reason, { timeZone: viewer.timeZone }));
  return redirectWithNotice(request, `/sessions/${sessionId}`, {
    tone: result.status === "booked" ? "ok" : "info",
    message: bookedMessage({ status: result.status, place: result.place }),
  });
}

/**
 * Giving up a seat or a waitlist place takes two presses: without `confirm` the form only opens
 * the step that says what will happen (and keeps any reason typed); with it, the seat goes.
 */
async function cancel({ viewer, sessionId, request, db, now }: SeatAction, formData: FormData) {
  const submission = parseWithZod(formData, { schema: CancelSeatSchema });
  if (submission.status !== "success") return refused("cancel", submission);
  const mine = await bookingOfPersonOn(db, sessionId, viewer.id);
  if (!mine || mine.status === "cancelled") {
    return refused("cancel", submission, "You have no booking on this session to cancel.");
  }
  const { confirm, reason } = submission.value;
  if (!confirm) return data({ intent: "cancel" as Intent, result: submission.reply() });
  const result = await cancelBooking(db, { bookingId: mine.id, actorId: viewer.id, now, reason });
  if (!result.ok) return refused("cancel", submission, cancelRefusalMessage(result.reason));
  return redirectWithNotice(request, `/sessions/${sessionId}`, {
    tone: "ok",
    message:
      mine.status === "waitlisted"
        ? "You've left the waitlist."
        : "Your seat is cancelled. Thanks for letting the next person have it.",
  });
}

async function reflect({ viewer, sessionId, request, db, now }: SeatAction, formData: FormData) {
  const submission = parseWithZod(formData, { schema: ReflectionSchema });
  if (submission.status !== "success") return refused("reflect", submission);
  const mine = await bookingOfPersonOn(db, sessionId, viewer.id);
  if (!mine) return refused("reflect", submission, "You can write a reflection once you've attended this session.");
  const text = submission.value.reflection;
  const result = await saveReflection(db, { bookingId: mine.id, personId: viewer.id, text, now });
  if (!result.ok) return refused("reflect", submission, reflectionMessage(result.reason));
  return redirectWithNotice(request, `/sessions/${sessionId}`, { tone: "ok", message: "Your reflection is saved." });
}

export function ErrorBoundary() {
  return <ErrorPage back={{ to: "/sessions", label: "Find sessions" }} />;
}

/** The result of the form that was sent, for that form only. */
function resultFor(intent: Intent, actionData: ReturnType<typeof useActionData<typeof action>>) {
  return actionData?.intent === intent ? actionData.result : undefined;
}

export default function SessionPage() {
  const { now, session, timeZone, zoneName, options, confirmingCancel, tookPlace } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const mine = session.myBooking;
  const [bookForm] = useForm({
    id: "book-seat",
    lastResult: resultFor("book", actionData),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BookSchema }),
  });
  const [cancelForm, cancelFields] = useForm({
    id: "cancel-seat",
    lastResult: resultFor("cancel", actionData),
    constraint: getZodConstraint(CancelSeatSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSeatSchema }),
  });
  // The step stays open after a cancel form came back: unconfirmed, or refused for its reason.
  const askingToCancel = options.canCancel && (confirmingCancel || actionData?.intent === "cancel");
  const people = tookPlace ?? { recorded: false, people: session.coming };
  const peopleTitle = peopleHeading(options.timing, tookPlace?.recorded ?? false);
  const [reflectionForm, reflectionFields] = useForm({
    id: "write-reflection",
    lastResult: resultFor("reflect", actionData),
    constraint: getZodConstraint(ReflectionSchema),
    shouldValidate: "onBlur",
    // Once a reflection was refused, its message goes as the person types, not when they leave the
    // field: a message vanishing on blur would move the button from under their click.
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReflectionSchema }),
    defaultValue: { reflection: mine?.reflection ?? "" },
  });

  return (
    <>
      <div className="page-header">
        <div>
          <p className="eyebrow">
            <Link to="/sessions">Find sessions</Link> / {session.kind.onSite ? "On site" : "Remote"}
          </p>
          <h1>
            {session.kind.name} with {session.host.name}
          </h1>
          <p className="lead">
            {formatSpan(session.startsAt, session.endsAt, timeZone)} ({zoneName}) ·{" "}
            {options.timing === "took_place"
              ? "took place"
              : options.timing === "under_way"
                ? "under way"
                : relativeDay(session.startsAt, now, timeZone)}
          </p>
        </div>
        <div className="row">
          {options.canManage ? (
            <Link to={`/hosting/sessions/${session.id}`} className="button button-secondary">
              Manage this session
            </Link>
          ) : null}
          {options.canBookOthers ? (
            <Link to={`/team/book/${session.id}`} className="button button-secondary">
              Book someone from my team
            </Link>
          ) : null}
        </div>
      </div>

      {options.cancelled ? (
        <div className="notice notice-error" role="status">
          <p>
            <strong>This session was cancelled by the host.</strong>
            {session.cancelReason ? ` “${session.cancelReason}”` : ""} Your calendar will show it as cancelled.
          </p>
        </div>
      ) : null}

      <FormErrors form={bookForm} noun="you can book" />
      <FormErrors form={cancelForm} noun="you can cancel" />
      <FormErrors form={reflectionForm} noun="your reflection is saved" />

      <div className="grid grid-2">
        <div className="stack">
          <section className="card" aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            <dl className="session-facts">
              <dt>When</dt>
              <dd>{formatSpan(session.startsAt, session.endsAt, timeZone)}</dd>
              <dt>Host</dt>
              <dd>
                {session.host.name}
                {session.host.title ? `, ${session.host.title}` : ""} ({session.host.departmentName})
              </dd>
              {session.kind.onSite ? (
                <>
                  <dt>Where</dt>
                  <dd>{session.location || "On site — the host will tell you where."}</dd>
                </>
              ) : (
                <>
                  <dt>Join</dt>
                  <dd>
                    {session.meetingUrl ? (
                      options.seesMeetingLink ? (
                        <a href={session.meetingUrl}>{session.meetingUrl}</a>
                      ) : (
                        "The meeting link is shown once you have a seat."
                      )
                    ) : (
                      "Remote — the host will send the link."
                    )}
                  </dd>
                </>
              )}
              {session.customer ? (
                <>
                  <dt>Customer</dt>
                  <dd>{session.customer}</dd>
                </>
              ) : null}
              {session.textDetails.map((detail) => (
                <Fragment key={detail.label}>
                  <dt>{detail.label}</dt>
                  <dd>{detail.text}</dd>
                </Fragment>
              ))}
              <dt>Seats</dt>
              <dd>
                {options.timing === "upcoming"
                  ? `${session.seatsLeft} of ${session.seats} free`
                  : `${session.seats - session.seatsLeft} of ${session.seats} taken`}
                {session.waitlisted ? ` · ${session.waitlisted} on the waitlist` : ""}
                {session.departmentCap ? ` · at most ${session.departmentCap} from one department` : ""}
              </dd>
            </dl>
            {session.notes ? (
              <>
                <h3 className="section-title">Notes from the host</h3>
                <Guide text={session.notes} />
              </>
            ) : null}
          </section>

          <section className="card" aria-labelledby="coming-heading">
            <h2 id="coming-heading">{peopleTitle}</h2>
            {people.people.length === 0 ? (
              <p className="muted">
                {options.timing === "upcoming"
                  ? "Nobody has booked yet — be the first."
                  : people.recorded
                    ? "Nobody came."
                    : "Nobody was booked."}
              </p>
            ) : (
              <ul className="people-chips">
                {people.people.map((p, i) => (
                  <li key={i}>
                    {p.name} · <span className="muted">{p.departmentName}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <div className="stack">
          <section className="card action-panel" aria-labelledby="seat-heading">
            <h2 id="seat-heading">Your seat</h2>
            {askingToCancel && mine ? (
              <CancelStep
                sessionId={session.id}
                waitlisted={mine.status === "waitlisted"}
                place={mine.place}
                othersWaiting={session.waitlisted > 0}
                busy={busy}
                cancelForm={cancelForm}
                reason={cancelFields.reason}
              />
            ) : (
              <SeatPanel mine={mine} options={options} seatsLeft={session.seatsLeft} busy={busy} bookForm={bookForm} />
            )}
            {mine?.status === "cancelled" ? (
              <p className="small">
                Your earlier booking was cancelled.{" "}
                <a href={`/bookings/${mine.id}/invite.ics`}>Download cancellation (.ics)</a> to take it off your
                calendar.
              </p>
            ) : null}
          </section>

          {mine && options.canReflect ? (
            // Not named by its heading: "Reflection" is the box's name alone (links land here by #reflection).
            <section className="card" id="reflection">
              <h2 id="reflection-heading">Your reflection</h2>
              <p className="muted small">
                What did you see and hear? What surprised you, and what will you do differently in your own work? Only
                you, the host and your managers can read it.
              </p>
              <Form method="post" className="form" {...getFormProps(reflectionForm)}>
                <input type="hidden" name="intent" value="reflect" />
                <TextareaField
                  meta={reflectionFields.reflection}
                  label="Reflection"
                  hint={mine.reflectedAt ? `First written ${formatDateTime(mine.reflectedAt, timeZone)}.` : null}
                  textareaProps={{ maxLength: REFLECTION_MAX }}
                />
                <div>
                  <button type="submit" className="button" disabled={busy}>
                    {mine.reflection ? "Update reflection" : "Save reflection"}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}

          {session.modules.length > 0 ? (
            <section className="card" aria-labelledby="guide-heading">
              <h2 id="guide-heading">What to watch for</h2>
              {session.modules.map((m) => (
                <details key={m.id} className="module-guide" open={m === session.modules[0]}>
                  <summary>
                    <span className="item-title">{m.title}</span>
                    {m.reflectionRequired ? <span className="badge">Reflection needed</span> : null}
                  </summary>
                  {m.summary ? <p className="muted">{m.summary}</p> : null}
                  <Guide text={m.guide} />
                </details>
              ))}
            </section>
          ) : null}
        </div>
      </div>
    </>
  );
}

const STATUS_LABELS: Record<string, string> = {
  booked: "Booked",
  waitlisted: "Waitlisted",
  attended: "Attended",
  no_show: "No-show",
};

/** The step before a seat or a waitlist place is given up: what it costs, a reason, and a way back. */
function CancelStep({
  sessionId,
  waitlisted,
  place,
  othersWaiting,
  busy,
  cancelForm,
  reason,
}: {
  sessionId: number;
  waitlisted: boolean;
  place: number | null;
  othersWaiting: boolean;
  busy: boolean;
  cancelForm: FormMetadata<z.input<typeof CancelSeatSchema>>;
  reason: FieldMetadata<string | undefined>;
}) {
  return (
    <ConfirmStep heading={waitlisted ? "Leave the waitlist?" : "Cancel your seat?"} level={3} card={false}>
      <ul className="consequences">
        {waitlisted ? (
          <>
            <li>{leaveWaitlistWarning(place)}</li>
            <li>If you join again later, you go to the back of the line.</li>
          </>
        ) : (
          <>
            <li>
              {othersWaiting
                ? "Your seat goes to the first person on the waitlist."
                : "Your seat is offered to anyone who wants it."}
            </li>
            <li>You are sent the cancellation for your calendar.</li>
          </>
        )}
      </ul>
      <Form method="post" className="form" {...getFormProps(cancelForm)}>
        <input type="hidden" name="intent" value="cancel" />
        <TextareaField
          meta={reason}
          label="Reason (optional)"
          hint="Kept with the cancellation in the record."
          rows={3}
          textareaProps={{ maxLength: CANCEL_REASON_MAX }}
        />
        <ConfirmActions
          confirmLabel={waitlisted ? "Yes, leave the waitlist" : "Yes, cancel my seat"}
          backTo={`/sessions/${sessionId}`}
          backLabel={waitlisted ? "Keep my place" : "Keep my seat"}
          busy={busy}
        />
      </Form>
    </ConfirmStep>
  );
}

function SeatPanel({
  mine,
  options,
  seatsLeft,
  busy,
  bookForm,
}: {
  mine: Session["myBooking"];
  options: SessionOptions;
  seatsLeft: number;
  busy: boolean;
  bookForm: FormMetadata<{ intent: "book" }>;
}) {
  if (options.hosts) return <p>You host this session.</p>;
  if (mine && options.holdsPlace) {
    const byManager = mine.source !== "self" ? " Your manager booked it for you." : "";
    const text: Record<string, string> = {
      booked: `You have a seat.${byManager}`,
      waitlisted: `You're number ${mine.place ?? "?"} on the waitlist. If a seat frees up, you move up automatically and are sent the invitation by e-mail.`,
      attended: "You attended this session.",
      no_show: "The host marked you as not attending.",
    };
    return (
      <>
        <p>
          <span
            className={`badge ${mine.status === "booked" || mine.status === "attended" ? "badge-ok" : "badge-warn"}`}
          >
            {STATUS_LABELS[mine.status] ?? mine.status}
          </span>
        </p>
        <p>
          {options.cancelled ? "The host cancelled this session, so you don't need to do anything." : text[mine.status]}
        </p>
        {options.invite ? (
          <p>
            <a href={`/bookings/${mine.id}/invite.ics`} className="button button-secondary">
              {options.invite === "cancel" ? "Download cancellation (.ics)" : "Add to calendar (.ics)"}
            </a>
          </p>
        ) : null}
        {options.canCancel ? (
          // A plain link in a form's clothes: it opens the step that asks first, with or without JavaScript.
          <Form method="get" action="#confirm" preventScrollReset>
            <input type="hidden" name="confirm" value="cancel" />
            <button type="submit" className="button button-danger">
              {mine.status === "waitlisted" ? "Leave the waitlist" : "Cancel my seat"}
            </button>
          </Form>
        ) : null}
      </>
    );
  }
  if (options.cancelled) return <p>This session was cancelled, so it can't be booked.</p>;
  if (!options.canBook) return <p>This session has started, so bookings are closed.</p>;
  return (
    <>
      <p>
        {options.joinsWaitlist
          ? "Every seat is taken. Join the waitlist and you'll move up automatically if someone cancels."
          : `${seatsLeft} ${seatsLeft === 1 ? "seat is" : "seats are"} free. Booking sends you the invitation by e-mail.`}
      </p>
      <Form method="post" {...getFormProps(bookForm)}>
        <input type="hidden" name="intent" value="book" />
        <button type="submit" className="button" disabled={busy}>
          {options.joinsWaitlist ? "Join the waitlist" : "Book a seat"}
        </button>
      </Form>
    </>
  );
}
