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
import { redirectWithNotice, requireRole } from "~/auth.server";
import {
  FormProblem,
  SessionDetailsFields,
  TextField,
} from "~/components/session-form";
import { getDb } from "~/db.server";
import {
  editSessionSchema,
  sessionUpdateMessage,
} from "~/domain/hosting";
import { describeRule, localDate, localTime } from "~/domain/recurrence";
import { formatDay, formatSpan, zoneLabel } from "~/domain/time";
import { parseForm, type FieldErrors } from "~/forms";
import { sessionToManage, updateSessions } from "~/models/hosting.server";

export const meta: MetaFunction = () => [{ title: "Edit session · Frontline" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "host", "admin");
  const managed = await sessionToManage(getDb(), viewer, params.id);
  const now = Date.now();
  const { session, kind, series } = managed;
  const zone = session.timeZone;
  const locked =
    session.status === "cancelled"
      ? "This session was cancelled, so it can't be changed."
      : session.startsAt <= now
        ? "This session has already started, so it can't be changed."
        : null;
  return {
    id: session.id,
    kind,
    locked,
    timeZone: zone,
    zone: zoneLabel(session.startsAt, zone),
    when: formatSpan(session.startsAt, session.endsAt, zone),
    day: formatDay(session.startsAt, zone),
    today: localDate(now, zone),
    seated: managed.counts.seated,
    waitlisted: managed.counts.waitlisted,
    series: series
      ? {
          description: describeRule(series),
          following: managed.followingInSeries,
        }
      : null,
    initial: {
      date: localDate(session.startsAt, zone),
      startTime: localTime(session.startsAt, zone),
      durationMinutes: String(
        Math.round((session.endsAt - session.startsAt) / 60_000),
      ),
      location: session.location,
      meetingUrl: session.meetingUrl,
      customerName: session.customerName,
      customerConfidential: session.customerConfidential,
      seats: String(session.seats),
      departmentCap:
        session.departmentCap === null ? "" : String(session.departmentCap),
      notes: session.notes,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "host", "admin");
  const managed = await sessionToManage(getDb(), viewer, params.id);
  const sessionId = managed.session.id;
  const db = getDb();
  const now = Date.now();
  const { session, kind } = managed;
  const parsed = parseForm(
    editSessionSchema({
      kind,
      timeZone: session.timeZone,
      now,
      inSeries: session.seriesId !== null,
    }),
    await request.formData(),
  );
  if (!parsed.ok)
    return data(
      {
        errors: parsed.errors,
        values: parsed.values,
        formError: null as string | null,
      },
      { status: 400 },
    );

  const result = await updateSessions(db, {
    sessionId,
    actorId: viewer.id,
    edit: parsed.data,
    now,
  });
  if (!result.ok) {
    const { field, message } = sessionUpdateMessage(result.reason, (ms) =>
      formatDay(ms, session.timeZone),
    );
    const errors: FieldErrors = field ? { [field]: [message] } : {};
    return data(
      { errors, values: parsed.values, formError: field ? null : message },
      { status: 400 },
    );
  }

  const here = `/hosting/sessions/${sessionId}`;
  if (result.changed.length === 0) {
    return redirectWithNotice(request, here, {
      tone: "info",
      message: "Nothing changed — the session is as it was.",
    });
  }
  const changed =
    result.changed.length === 1
      ? "Saved."
      : `Saved ${result.changed.length} sessions of the series.`;
  const promoted =
    result.promoted.length === 0
      ? ""
      : result.promoted.length === 1
        ? " One person moved up from the waitlist to a seat."
        : ` ${result.promoted.length} people moved up from the waitlist to seats.`;
  return redirectWithNotice(request, here, {
    tone: "ok",
    message: `${changed}${promoted} The people booked see the new details in their bookings and calendars.`,
  });
}

export default function EditSession() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = actionData?.values;
  const errors = actionData?.errors;
  const busy = navigation.state === "submitting";
  const scope = values?.scope ?? "one";

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
            {page.kind.name}, {page.when}.{" "}
            {page.seated === 0
              ? "Nobody has booked yet."
              : `${page.seated} booked`}
            {page.waitlisted ? `, ${page.waitlisted} waiting` : ""}
            {page.seated
              ? " — they'll see your changes in their bookings and calendars."
              : ""}
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
          <Form method="post" className="card form session-form" noValidate>
            <FormProblem errors={errors} message={actionData?.formError} />

            {page.series ? (
              <fieldset className="form-section">
                <legend>Which sessions</legend>
                <p className="hint">{page.series.description}.</p>
                <div className="choices">
                  <label className="checkbox">
                    <input
                      type="radio"
                      name="scope"
                      value="one"
                      defaultChecked={scope !== "following"}
                    />
                    Only this session ({page.day})
                  </label>
                  <label className="checkbox">
                    <input
                      type="radio"
                      name="scope"
                      value="following"
                      defaultChecked={scope === "following"}
                    />
                    This and the following sessions
                    {page.series.following > 1
                      ? ` (${page.series.following})`
                      : ""}
                  </label>
                </div>
                <p className="hint">
                  For the following sessions, a new date moves each of them by
                  the same number of days; the time and details apply to all of
                  them.
                </p>
              </fieldset>
            ) : null}

            <fieldset className="form-section">
              <legend>When</legend>
              <p className="hint zone-note">
                Times are in the host's time zone,{" "}
                <strong>{page.timeZone.replace(/_/g, " ")}</strong> ({page.zone}
                ).
              </p>
              <div className="field-row">
                <TextField
                  name="date"
                  label="Date"
                  type="date"
                  values={values}
                  errors={errors}
                  initial={page.initial.date}
                  min={page.today}
                />
                <TextField
                  name="startTime"
                  label="Start time"
                  type="time"
                  values={values}
                  errors={errors}
                  initial={page.initial.startTime}
                  step={300}
                />
                <TextField
                  name="durationMinutes"
                  label="Length in minutes"
                  type="number"
                  hint={`A ${page.kind.name.toLowerCase()} usually takes ${page.kind.defaultMinutes} minutes.`}
                  values={values}
                  errors={errors}
                  initial={page.initial.durationMinutes}
                  min={5}
                  max={1440}
                  step={5}
                  inputMode="numeric"
                />
              </div>
            </fieldset>

            <SessionDetailsFields
              onSite={page.kind.onSite}
              bothPlaces={false}
              values={values}
              errors={errors}
              initial={page.initial}
              seatsHint={
                page.seated > 0
                  ? `1 to 50. ${page.seated} already taken, so not fewer than ${page.seated}.${page.waitlisted ? " More seats move people up from the waitlist." : ""}`
                  : undefined
              }
            />

            <div className="form-actions">
              <button type="submit" className="button" disabled={busy}>
                {busy ? "Saving…" : "Save changes"}
              </button>
              <Link
                to={`/hosting/sessions/${page.id}`}
                className="button button-secondary"
              >
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
              {page.series ? <li>Sessions that already happened or were cancelled stay as they were.</li> : null}
            </ul>
          </aside>
        </div>
      )}
    </>
  );
}
