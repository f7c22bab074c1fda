import { getFormProps, getInputProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { redirectWithNotice } from "~/auth.server";
import { Field, FormErrors } from "~/components/forms";
import { SessionDetailsFields } from "~/components/session-form";
import { OverlapWarning, type OverlapsToConfirm } from "~/components/hosting/overlap-warning";
import {
  editRefusal,
  MINUTES_MAX,
  MINUTES_MIN,
  releasesKey,
  SEATS_MAX,
  sessionUpdateMessage,
  type OverlapRelease,
} from "~/domain/hosting";
import { describeRule } from "~/domain/recurrence";
import { dayOf, formatDay, formatSpan, MINUTE, timeOf, zoneLabel } from "~/domain/time";
import { updateSessions } from "~/models/hosting-edits.server";
import { sessionToManage } from "~/hosting-pages.server";
import { detailsAsText, editSessionSchema } from "~/schemas/hosting";

export const meta: MetaFunction = () => [{ title: "Edit session · Frontline" }];

/** The confirm button's name: its value is the places the host was shown the save releases. */
const CONFIRM_RELEASES = "confirmReleases";

export async function loader(args: LoaderFunctionArgs) {
  const { managed } = await sessionToManage(args);
  const { now } = args.context;
  const { session, kind, series } = managed;
  const zone = session.timeZone;
  const locked = editRefusal(session, now);
  return {
    id: session.id,
    kind,
    now,
    locked: locked ? sessionUpdateMessage(locked, (ms) => formatDay(ms, zone)).message : null,
    timeZone: zone,
    inSeries: session.seriesId !== null,
    zone: zoneLabel(session.startsAt, zone),
    when: formatSpan(session.startsAt, session.endsAt, zone),
    day: formatDay(session.startsAt, zone),
    today: dayOf(now, zone),
    seated: managed.counts.seated,
    waitlisted: managed.counts.waitlisted,
    series: series ? { description: describeRule(series), following: managed.followingInSeries } : null,
    initial: {
      scope: "one",
      date: dayOf(session.startsAt, zone),
      startTime: timeOf(session.startsAt, zone),
      durationMinutes: String(Math.round((session.endsAt - session.startsAt) / MINUTE)),
      ...detailsAsText(session),
    },
  };
}

export async function action(args: ActionFunctionArgs) {
  const { viewer, managed } = await sessionToManage(args);
  const { db, now } = args.context;
  const { session, kind } = managed;
  const formData = await args.request.formData();
  const submission = parseWithZod(formData, {
    schema: editSessionSchema({ kind, now, timeZone: session.timeZone, inSeries: session.seriesId !== null }),
  });
  if (submission.status !== "success") return data({ result: submission.reply(), overlaps: null }, { status: 400 });

  const confirmed = formData.get(CONFIRM_RELEASES);
  const result = await updateSessions(db, {
    sessionId: session.id,
    actorId: viewer.id,
    edit: submission.value,
    now,
    confirmedReleases: typeof confirmed === "string" ? confirmed : null,
  });
  // The second step: the host sees whose other bookings the new time overlaps, and confirms.
  if (!result.ok && result.reason.code === "overlaps_to_confirm") {
    const overlaps = overlapsToConfirm(result.reason.releases, typeof confirmed === "string", viewer.timeZone);
    return data({ result: submission.reply(), overlaps });
  }
  if (!result.ok) {
    const { field, message } = sessionUpdateMessage(result.reason, (ms) => formatDay(ms, session.timeZone));
    const refusal = field ? { fieldErrors: { [field]: [message] } } : { formErrors: [message] };
    return data({ result: submission.reply(refusal), overlaps: null }, { status: 400 });
  }

  const here = `/hosting/sessions/${session.id}`;
  if (result.changed.length === 0) {
    return redirectWithNotice(args.request, here, {
      tone: "info",
      message: "Nothing changed — the session is as it was.",
    });
  }
  const changed = result.changed.length === 1 ? "Saved." : `Saved ${result.changed.length} sessions of the series.`;
  const promoted =
    result.promoted.length === 0
      ? ""
      : result.promoted.length === 1
        ? " One person moved up from the waitlist to a seat."
        : ` ${result.promoted.length} people moved up from the waitlist to seats.`;
  const released =
    result.released.length === 0
      ? ""
      : ` ${result.released.length === 1 ? "One place was" : `${result.released.length} places were`} released because the new time overlaps another booking; ${result.released.length === 1 ? "the person was" : "each person was"} told by e-mail which booking they keep.`;
  return redirectWithNotice(args.request, here, {
    tone: "ok",
    message: `${changed}${released}${promoted} The people booked see the new details in their bookings and calendars.`,
  });
}

/** Who the new time would take a place from, and the booking each keeps, in the viewer's zone. */
function overlapsToConfirm(releases: OverlapRelease[], confirmedOther: boolean, timeZone: string): OverlapsToConfirm {
  return {
    key: releasesKey(releases),
    listChanged: confirmedOther,
    people: releases.map((r) => ({
      bookingId: r.bookingId,
      personName: r.personName,
      place: r.status === "waitlisted" ? "waitlist place" : "seat",
      movedTo: formatSpan(r.newTime.startsAt, r.newTime.endsAt, timeZone),
      keptTitle: r.kept.title,
      keptWhen: `${formatSpan(r.kept.startsAt, r.kept.endsAt, timeZone)} ${zoneLabel(r.kept.startsAt, timeZone)}`,
    })),
  };
}

export default function EditSession() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const schema = editSessionSchema({
    kind: page.kind,
    now: page.now,
    timeZone: page.timeZone,
    inSeries: page.inSeries,
  });
  const [form, fields] = useForm({
    id: "edit-session",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    defaultValue: page.initial,
  });

  return (
    <>
      <p className="backlink">
        <Link to={`/hosting/sessions/${page.id}`}>← Back to the session</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">Hosting</p>
          <h1>Edit session</h1>
          <p className="lead">
            {page.kind.name}, {page.when}. {page.seated === 0 ? "Nobody has booked yet." : `${page.seated} booked`}
            {page.waitlisted ? `, ${page.waitlisted} waiting` : ""}
            {page.seated ? " — they'll see your changes in their bookings and calendars." : ""}
          </p>
        </div>
      </div>

      {page.locked ? (
        <div className="notice notice-info">
          <p>{page.locked}</p>
          <p>
            <Link to={`/hosting/sessions/${page.id}`}>Back to the session</Link>
          </p>
        </div>
      ) : (
        <div className="form-layout">
          <Form method="post" className="card form session-form" {...getFormProps(form)}>
            <FormErrors form={form} noun="the changes can be saved" />
            {actionData?.overlaps ? (
              <OverlapWarning
                overlaps={actionData.overlaps}
                confirmName={CONFIRM_RELEASES}
                timeFieldId={fields.date.id}
                busy={busy}
              />
            ) : null}

            {page.series ? (
              <fieldset className="form-section">
                <legend>Which sessions</legend>
                <p className="hint">{page.series.description}.</p>
                <div className="choices">
                  <ScopeChoice meta={fields.scope} value="one">
                    Only this session ({page.day})
                  </ScopeChoice>
                  <ScopeChoice meta={fields.scope} value="following">
                    This and the following sessions
                    {page.series.following > 1 ? ` (${page.series.following})` : ""}
                  </ScopeChoice>
                </div>
                <p className="hint">
                  For the following sessions, a new date moves each of them by the same number of days; the time and
                  details apply to all of them.
                </p>
              </fieldset>
            ) : null}

            <fieldset className="form-section">
              <legend>When</legend>
              <p className="hint zone-note">
                Times are in the host's time zone, <strong>{page.timeZone.replace(/_/g, " ")}</strong> ({page.zone}
                ).
              </p>
              <div className="field-row">
                <Field meta={fields.date} label="Date" type="date" inputProps={{ min: page.today }} />
                <Field meta={fields.startTime} label="Start time" type="time" inputProps={{ step: 300 }} />
                <Field
                  meta={fields.durationMinutes}
                  label="Length in minutes"
                  type="number"
                  hint={`A ${page.kind.name.toLowerCase()} usually takes ${page.kind.defaultMinutes} minutes.`}
                  inputProps={{ min: MINUTES_MIN, max: MINUTES_MAX, step: 5, inputMode: "numeric" }}
                />
              </div>
            </fieldset>

            <SessionDetailsFields
              fields={fields}
              onSite={page.kind.onSite}
              bothPlaces={false}
              seatsHint={
                page.seated > 0
                  ? `1 to ${SEATS_MAX}. ${page.seated} already taken, so not fewer than ${page.seated}.${page.waitlisted ? " More seats move people up from the waitlist." : ""}`
                  : undefined
              }
            />

            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? "Saving…" : "Save changes"}
              </button>
              <Link to={`/hosting/sessions/${page.id}`} className="button button-secondary">
                Back without saving
              </Link>
            </div>
          </Form>

          <aside className="card form-aside" aria-labelledby="aside-heading">
            <h2 id="aside-heading">When you save</h2>
            <ul className="tips">
              <li>Everyone booked or waiting sees the new details in their bookings, and their calendars update.</li>
              <li>Seats can't go below the seats already taken; cancel the session instead if it can't go ahead.</li>
              <li>Added seats go to the waitlist first, in order.</li>
              <li>
                A new time that overlaps another booking of someone on the session is shown to you first: nobody holds
                two bookings at once, so their place here would be released.
              </li>
              {page.series ? <li>Sessions that already happened or were cancelled stay as they were.</li> : null}
            </ul>
          </aside>
        </div>
      )}
    </>
  );
}

function ScopeChoice({
  meta,
  value,
  children,
}: {
  meta: FieldMetadata<string | undefined>;
  value: "one" | "following";
  children: ReactNode;
}) {
  const { key, ...props } = getInputProps(meta, { type: "radio", value });
  return (
    <label className="checkbox">
      <input key={key} {...props} />
      {children}
    </label>
  );
}
