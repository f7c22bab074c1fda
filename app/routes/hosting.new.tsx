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
import { useEffect, useState } from "react";
import { redirectWithNotice, requireRole } from "~/auth.server";
import { FieldError, fieldProps } from "~/components/forms";
import {
  FormProblem,
  SessionDetailsFields,
  TextField,
  useHydrated,
} from "~/components/session-form";
import { getDb } from "~/db.server";
import { newSessionSchema } from "~/domain/hosting";
import { describeRule, localDate, shiftDate } from "~/domain/recurrence";
import { formatSpan, zoneLabel } from "~/domain/time";
import { parseForm, type FieldErrors } from "~/forms";
import {
  createSessionOrSeries,
  hostableKinds,
  usualKindOf,
} from "~/models/hosting.server";

export const meta: MetaFunction = () => [{ title: "New session · Frontline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireRole(request, "host");
  const db = getDb();
  const now = Date.now();
  const [kinds, usualKindId] = await Promise.all([
    hostableKinds(db),
    usualKindOf(db, viewer.id),
  ]);
  return {
    kinds,
    usualKindId,
    timeZone: viewer.timeZone,
    zone: zoneLabel(now, viewer.timeZone),
    today: localDate(now, viewer.timeZone),
    tomorrow: shiftDate(localDate(now, viewer.timeZone), 1),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireRole(request, "host");
  const db = getDb();
  const now = Date.now();
  const kinds = await hostableKinds(db);
  const parsed = parseForm(
    newSessionSchema({ kinds, timeZone: viewer.timeZone, now }),
    await request.formData(),
  );
  if (!parsed.ok)
    return data(
      { errors: parsed.errors, values: parsed.values, formError: null },
      { status: 400 },
    );

  const plan = parsed.data;
  const result = await createSessionOrSeries(db, {
    hostId: viewer.id,
    actorId: viewer.id,
    kindId: plan.kind.id,
    timeZone: viewer.timeZone,
    details: plan.details,
    occurrences: plan.occurrences,
    rrule: plan.rrule,
    now,
  });
  if (!result.ok) {
    const formError =
      result.reason.code === "kind_not_found"
        ? "That kind of session is no longer offered — choose another."
        : "Only hosts can publish sessions. Ask an admin to make you a host.";
    return data(
      { errors: {} as FieldErrors, values: parsed.values, formError },
      { status: 400 },
    );
  }

  const first = result.sessions[0];
  const published = result.series
    ? `Published ${result.sessions.length} ${plan.kind.name} sessions: ${describeRule(result.series).replace(/^Weekly on/, "weekly on")}.`
    : `Published ${plan.kind.name} on ${formatSpan(first.startsAt, first.endsAt, viewer.timeZone)}.`;
  const clash =
    result.clashes === 0
      ? ""
      : result.clashes === 1
        ? " Note: it overlaps a session you already host."
        : ` Note: ${result.clashes} of them overlap sessions you already host.`;
  return redirectWithNotice(request, "/hosting", {
    tone: result.clashes ? "warn" : "ok",
    message: published + clash,
  });
}

export default function NewSession() {
  const { kinds, usualKindId, timeZone, zone, today, tomorrow } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const values = actionData?.values;
  const errors = actionData?.errors;

  const [kindId, setKindId] = useState(
    values?.kindId ?? (usualKindId !== null ? String(usualKindId) : ""),
  );
  const [length, setLength] = useState(values?.durationMinutes ?? "");
  const [lengthTouched, setLengthTouched] = useState(
    Boolean(values?.durationMinutes),
  );
  const [repeat, setRepeat] = useState(values?.repeat ?? "none");
  const kind = kinds.find((k) => String(k.id) === kindId);

  // The length follows the kind's usual length until the host types their own.
  useEffect(() => {
    if (!lengthTouched) setLength(kind ? String(kind.defaultMinutes) : "");
  }, [kind, lengthTouched]);

  const busy = navigation.state === "submitting";

  return (
    <>
      <p className="backlink">
        <Link to="/hosting">← My sessions</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">Hosting</p>
          <h1>New session</h1>
          <p className="lead">
            Publish a sales call, an install or a listen-in block that
            colleagues can book a seat on. Repeat it weekly to make a series.
          </p>
        </div>
      </div>

      <div className="form-layout">
        <Form method="post" className="card form session-form" noValidate>
          <FormProblem errors={errors} message={actionData?.formError} />

          <fieldset className="form-section">
            <legend>What</legend>
            <div className="field">
              <label htmlFor="kindId">Kind of session</label>
              <select
                value={kindId}
                onChange={(e) => setKindId(e.target.value)}
                {...fieldProps("kindId", errors?.kindId)}
                aria-describedby={describedBy("kindId", errors)}
              >
                <option value="">Choose a kind…</option>
                {kinds.map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
              </select>
              <FieldError name="kindId" errors={errors?.kindId} />
              <span className="hint" id="kindId-hint">
                {kind
                  ? kind.onSite
                    ? "On site: shadows meet you at an address."
                    : "Remote: shadows join by a meeting link."
                  : "What shadows will see you do."}
              </span>
            </div>
          </fieldset>

          <fieldset className="form-section">
            <legend>When</legend>
            <p className="hint zone-note" id="zone-note">
              Times are in your time zone,{" "}
              <strong>{timeZone.replace(/_/g, " ")}</strong> ({zone}).
            </p>
            <div className="field-row">
              <TextField
                name="date"
                label="Date"
                type="date"
                values={values}
                errors={errors}
                initial={tomorrow}
                min={today}
                required
              />
              <TextField
                name="startTime"
                label="Start time"
                type="time"
                hint={`Your time (${zone}).`}
                values={values}
                errors={errors}
                initial="10:00"
                step={300}
                required
              />
              <div className="field">
                <label htmlFor="durationMinutes">Length in minutes</label>
                <input
                  type="number"
                  min={5}
                  max={1440}
                  step={5}
                  inputMode="numeric"
                  value={length}
                  placeholder={kind ? String(kind.defaultMinutes) : ""}
                  onChange={(e) => {
                    setLength(e.target.value);
                    setLengthTouched(true);
                  }}
                  {...fieldProps("durationMinutes", errors?.durationMinutes)}
                  aria-describedby={describedBy("durationMinutes", errors)}
                />
                <FieldError
                  name="durationMinutes"
                  errors={errors?.durationMinutes}
                />
                <span className="hint" id="durationMinutes-hint">
                  {kind
                    ? `A ${kind.name.toLowerCase()} usually takes ${minutesInWords(kind.defaultMinutes)}.`
                    : "Leave empty for the kind's usual length."}
                </span>
              </div>
            </div>

            <div className="field-row">
              <div className="field">
                <label htmlFor="repeat">Repeat</label>
                <select
                  id="repeat"
                  name="repeat"
                  value={repeat}
                  onChange={(e) => setRepeat(e.target.value)}
                  aria-describedby="repeat-hint"
                >
                  <option value="none">Does not repeat</option>
                  <option value="weekly_count">
                    Weekly, a number of times
                  </option>
                  <option value="weekly_until">Weekly, until a date</option>
                </select>
                <span className="hint" id="repeat-hint">
                  Every week at the same time of day, also after the clocks
                  change.
                </span>
              </div>
              {!hydrated || repeat === "weekly_count" ? (
                <TextField
                  name="count"
                  label="Number of sessions"
                  type="number"
                  hint={
                    hydrated
                      ? "2 to 52, the first one included."
                      : "For “Weekly, a number of times”: 2 to 52."
                  }
                  values={values}
                  errors={errors}
                  initial="6"
                  min={2}
                  max={52}
                  inputMode="numeric"
                />
              ) : null}
              {!hydrated || repeat === "weekly_until" ? (
                <TextField
                  name="untilDate"
                  label="Until"
                  type="date"
                  hint={
                    hydrated
                      ? "The last session is on or before this day."
                      : "For “Weekly, until a date”: the last day."
                  }
                  values={values}
                  errors={errors}
                  min={today}
                />
              ) : null}
            </div>
          </fieldset>

          <SessionDetailsFields
            onSite={kind?.onSite ?? false}
            bothPlaces={!hydrated || !kind}
            values={values}
            errors={errors}
            initial={{
              location: "",
              meetingUrl: "",
              customerName: "",
              customerConfidential: false,
              seats: "2",
              departmentCap: "",
              notes: "",
            }}
          />

          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy
                ? "Publishing…"
                : repeat === "none"
                  ? "Publish session"
                  : "Publish series"}
            </button>
            <Link to="/hosting" className="button button-secondary">
              Back without saving
            </Link>
          </div>
        </Form>

        <aside className="card form-aside" aria-labelledby="aside-heading">
          <h2 id="aside-heading">Good to know</h2>
          <ul className="tips">
            <li>
              Shadows book seats themselves, or their manager books them; you'll
              see them on the session's page.
            </li>
            <li>A department cap keeps one team from filling every seat.</li>
            <li>Changing or cancelling later updates everyone's calendar.</li>
            <li>
              A weekly series stays at the same local time when the clocks
              change.
            </li>
          </ul>
        </aside>
      </div>
    </>
  );
}

function describedBy(name: string, errors: FieldErrors | undefined): string {
  return [`${name}-hint`, errors?.[name]?.length ? `${name}-error` : null]
    .filter(Boolean)
    .join(" ");
}

function minutesInWords(minutes: number): string {
  if (minutes % 60 === 0)
    return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} minutes`;
}
