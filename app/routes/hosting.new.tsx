import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { redirectWithNotice } from "~/auth.server";
import { Field, FormErrors, SelectField } from "~/components/forms";
import { SessionDetailsFields, useHydrated } from "~/components/session-form";
import { MINUTES_MAX, MINUTES_MIN, type KindFacts } from "~/domain/hosting";
import { describeWeekly, MAX_OCCURRENCES, MIN_OCCURRENCES } from "~/domain/recurrence";
import { addDays, dayOf, formatDay, formatSpan, zoneLabel } from "~/domain/time";
import { createSessionOrSeries, hostableKinds, usualKindOf } from "~/models/hosting.server";
import { requirePermission } from "~/permissions.server";
import { detailsAsText, FRESH_DETAILS, newSessionSchema } from "~/schemas/hosting";

export const meta: MetaFunction = () => [{ title: "New session · Frontline" }];

export async function loader(args: LoaderFunctionArgs) {
  const viewer = await requirePermission(args, "hosting:publish");
  const { db, now } = args.context;
  const [kinds, usualKindId] = await Promise.all([hostableKinds(db), usualKindOf(db, viewer.id)]);
  const today = dayOf(now, viewer.timeZone);
  return {
    kinds,
    usualKindId,
    now,
    timeZone: viewer.timeZone,
    zone: zoneLabel(now, viewer.timeZone),
    today,
    tomorrow: addDays(today, 1),
  };
}

export async function action(args: ActionFunctionArgs) {
  const viewer = await requirePermission(args, "hosting:publish");
  const { db, now } = args.context;
  const kinds = await hostableKinds(db);
  const submission = parseWithZod(await args.request.formData(), {
    schema: newSessionSchema({ kinds, timeZone: viewer.timeZone, now }),
  });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });

  const plan = submission.value;
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
    return data({ result: submission.reply({ formErrors: [formError] }) }, { status: 400 });
  }

  const first = result.sessions[0];
  const last = result.sessions[result.sessions.length - 1];
  const published = result.series
    ? `Published ${result.sessions.length} ${plan.kind.name} sessions, ${describeWeekly(result.series).replace(/^Weekly/, "weekly")}, from ${formatDay(first.startsAt, viewer.timeZone)} to ${formatDay(last.startsAt, viewer.timeZone)}.`
    : `Published ${plan.kind.name} on ${formatSpan(first.startsAt, first.endsAt, viewer.timeZone)}.`;
  const clash =
    result.clashes === 0
      ? ""
      : result.clashes === 1
        ? " Note: it overlaps a session you already host."
        : ` Note: ${result.clashes} of them overlap sessions you already host.`;
  return redirectWithNotice(args.request, "/hosting", {
    tone: result.clashes ? "warn" : "ok",
    message: published + clash,
  });
}

export default function NewSession() {
  const { kinds, usualKindId, now, timeZone, zone, today, tomorrow } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const hydrated = useHydrated();
  const schema = newSessionSchema({ kinds, timeZone, now });
  const [form, fields] = useForm({
    id: "new-session",
    lastResult: actionData?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    defaultValue: {
      ...detailsAsText(FRESH_DETAILS),
      kindId: usualKindId === null ? "" : String(usualKindId),
      date: tomorrow,
      startTime: "10:00",
      durationMinutes: "",
      repeat: "none",
      count: "6",
      untilDate: "",
    },
  });

  const [kindId, setKindId] = useState(fields.kindId.initialValue ?? "");
  const [repeat, setRepeat] = useState(fields.repeat.initialValue ?? "none");
  const [lengthTouched, setLengthTouched] = useState(Boolean(fields.durationMinutes.initialValue));
  const kind = kinds.find((k) => String(k.id) === kindId);

  // The length follows the kind's usual length until the host types their own.
  const { update } = form;
  const lengthName = fields.durationMinutes.name;
  useEffect(() => {
    if (!lengthTouched) update({ name: lengthName, value: kind ? String(kind.defaultMinutes) : "" });
  }, [kind, lengthTouched, update, lengthName]);

  return (
    <>
      <p className="backlink">
        <Link to="/hosting">← Sessions you host</Link>
      </p>
      <div className="page-header">
        <div>
          <p className="eyebrow">Hosting</p>
          <h1>New session</h1>
          <p className="lead">
            Publish a sales call, an install or a listen-in block that colleagues can book a seat on. Repeat it weekly
            to make a series.
          </p>
        </div>
      </div>

      <div className="form-layout">
        <Form method="post" className="card form session-form" {...getFormProps(form)}>
          <FormErrors form={form} noun="this session can be published" />

          <fieldset className="form-section">
            <legend>What</legend>
            <SelectField
              meta={fields.kindId}
              label="Kind of session"
              hint={kindHint(kind)}
              selectProps={{ onChange: (event) => setKindId(event.target.value) }}
            >
              <option value="">Choose a kind…</option>
              {kinds.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                </option>
              ))}
            </SelectField>
          </fieldset>

          <fieldset className="form-section">
            <legend>When</legend>
            <p className="hint zone-note" id="zone-note">
              Times are in your time zone, <strong>{timeZone.replace(/_/g, " ")}</strong> ({zone}).
            </p>
            <div className="field-row">
              <Field meta={fields.date} label="Date" type="date" inputProps={{ min: today, required: true }} />
              <Field
                meta={fields.startTime}
                label="Start time"
                type="time"
                hint={`Your time (${zone}).`}
                inputProps={{ step: 300, required: true }}
              />
              <Field
                meta={fields.durationMinutes}
                label="Length in minutes"
                type="number"
                hint={
                  kind
                    ? `A ${kind.name.toLowerCase()} usually takes ${minutesInWords(kind.defaultMinutes)}.`
                    : "Leave empty for the kind's usual length."
                }
                inputProps={{
                  min: MINUTES_MIN,
                  max: MINUTES_MAX,
                  step: 5,
                  inputMode: "numeric",
                  placeholder: kind ? String(kind.defaultMinutes) : "",
                  onChange: () => setLengthTouched(true),
                }}
              />
            </div>

            <div className="field-row">
              <SelectField
                meta={fields.repeat}
                label="Repeat"
                hint={repeatHint(hydrated, repeat)}
                selectProps={{ onChange: (event) => setRepeat(event.target.value) }}
              >
                <option value="none">Does not repeat</option>
                <option value="weekly_count">Weekly, a number of times</option>
                <option value="weekly_until">Weekly, until a date</option>
              </SelectField>
              {!hydrated || repeat === "weekly_count" ? (
                <Field
                  meta={fields.count}
                  label="Number of sessions"
                  type="number"
                  hint={
                    hydrated
                      ? `${MIN_OCCURRENCES} to ${MAX_OCCURRENCES}, the first one included.`
                      : `For “Weekly, a number of times”: ${MIN_OCCURRENCES} to ${MAX_OCCURRENCES}.`
                  }
                  inputProps={{ min: MIN_OCCURRENCES, max: MAX_OCCURRENCES, inputMode: "numeric" }}
                />
              ) : null}
              {!hydrated || repeat === "weekly_until" ? (
                <Field
                  meta={fields.untilDate}
                  label="Until"
                  type="date"
                  hint={
                    hydrated
                      ? "The last session is on or before this day."
                      : "For “Weekly, until a date”: the last day."
                  }
                  inputProps={{ min: today }}
                />
              ) : null}
            </div>
          </fieldset>

          <SessionDetailsFields fields={fields} onSite={kind?.onSite ?? false} bothPlaces={!hydrated || !kind} />

          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Publishing…" : repeat === "none" ? "Publish session" : "Publish series"}
            </button>
            <Link to="/hosting" className="button button-secondary">
              Back without saving
            </Link>
          </div>
        </Form>

        <aside className="card form-aside" aria-labelledby="aside-heading">
          <h2 id="aside-heading">Good to know</h2>
          <ul className="tips">
            <li>Shadows book seats themselves, or their manager books them; you'll see them on the session's page.</li>
            <li>A department cap keeps one team from filling every seat.</li>
            <li>Changing or cancelling later updates everyone's calendar.</li>
            <li>A weekly series stays at the same local time when the clocks change.</li>
          </ul>
        </aside>
      </div>
    </>
  );
}

/** Under "Repeat": nothing for a single session; for a series, that it keeps its time of day. */
function repeatHint(hydrated: boolean, repeat: string): string | undefined {
  if (!hydrated) return "A weekly series keeps the same time of day, also after the clocks change.";
  return repeat === "none" ? undefined : "Every week at the same time of day, also after the clocks change.";
}

function kindHint(kind: KindFacts | undefined): string {
  if (!kind) return "What shadows will see you do.";
  return kind.onSite ? "On site: shadows meet you at an address." : "Remote: shadows join by a meeting link.";
}

function minutesInWords(minutes: number): string {
  if (minutes % 60 === 0) return minutes === 60 ? "1 hour" : `${minutes / 60} hours`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} minutes`;
}
