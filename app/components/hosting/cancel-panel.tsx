/**
 * Asks before a host calls a session off — or, in a series, it and the following sessions — says
 * how many sessions and people that reaches, and takes the reason the people booked will read.
 */
import { getFormProps, getInputProps, useForm, type FieldMetadata } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { FormErrors, TextareaField } from "~/components/forms";
import { useHydrated } from "~/components/session-form";
import { CANCEL_REASON_MAX } from "~/domain/bookings";
import type { EditScope } from "~/domain/hosting";
import { CancelSessionSchema, type SessionPageRefusal } from "~/schemas/hosting";

/** How many sessions a cancel reaches, and how many people booked or waiting on them (each once). */
export interface Reach {
  sessions: number;
  people: number;
}

/** "1 session, nobody booked", "3 sessions, 7 people booked or waiting will be told". */
export function reachWords(reach: Reach): string {
  const sessions = reach.sessions === 1 ? "1 session" : `${reach.sessions} sessions`;
  if (reach.people === 0) return `${sessions}, nobody booked or waiting`;
  const people = reach.people === 1 ? "1 person" : `${reach.people} people`;
  return `${sessions}, ${people} booked or waiting will be told`;
}

/** What the people booked will see, for the choice made. */
function toldWords(reach: Reach): string {
  const them = reach.sessions === 1 ? "it" : "them";
  if (reach.people === 0) return reach.sessions === 1 ? "Nobody has booked it yet." : "Nobody has booked them yet.";
  const who = reach.people === 1 ? "The one person" : reach.people === 2 ? "Both people" : `The ${reach.people} people`;
  return `${who} booked or waiting will see ${them} cancelled in their bookings, and their calendars will drop ${them}.`;
}

export function CancelPanel({
  sessionId,
  kindName,
  when,
  day,
  reach,
  refusal,
}: {
  sessionId: number;
  kindName: string;
  when: string;
  /** This session's day, to name the "only this session" choice. */
  day: string;
  /** What cancelling only this session reaches, and this and the following ones (null outside a series). */
  reach: { one: Reach; following: Reach | null };
  refusal: SessionPageRefusal | undefined;
}) {
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "cancel";
  const [form, fields] = useForm({
    id: "cancel-session",
    lastResult: refusal?.intent === "cancel" ? refusal.result : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSessionSchema }),
    defaultValue: { scope: "one" },
  });
  const [scope, setScope] = useState<EditScope>(fields.scope.initialValue === "following" ? "following" : "one");
  const series = reach.following;
  const chosen = scope === "following" && series ? series : reach.one;
  const button = !series
    ? "Yes, cancel this session"
    : !hydrated
      ? "Yes, cancel the chosen sessions"
      : scope === "following"
        ? `Yes, cancel ${series.sessions} sessions`
        : "Yes, cancel this session";

  return (
    <section className="card confirm-card series-cancel" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel this session?</h2>
      <p>
        {kindName}, {when}. {series && !hydrated ? "" : `${toldWords(chosen)} `}
        This can't be undone; the records stay.
      </p>
      <FormErrors form={form} noun="the session can be cancelled" />
      <Form method="post" className="form" preventScrollReset {...getFormProps(form)}>
        <input type="hidden" name="intent" value="cancel" />
        {series ? (
          <fieldset className="form-section series-scope">
            <legend>Which sessions</legend>
            <ScopeChoice meta={fields.scope} value="one" onChoose={setScope} reach={reach.one}>
              Only this session ({day})
            </ScopeChoice>
            <ScopeChoice meta={fields.scope} value="following" onChoose={setScope} reach={series}>
              This and the following sessions
            </ScopeChoice>
            <p className="hint">Earlier sessions, and any that have started, stay as they are.</p>
          </fieldset>
        ) : null}
        <TextareaField
          meta={fields.reason}
          label="Reason"
          hint="Optional. Shown to the people booked, e.g. “I'm on a training day — see you next week.”"
          rows={3}
          textareaProps={{ maxLength: CANCEL_REASON_MAX }}
        />
        <div className="form-actions">
          <button type="submit" className="button button-danger-solid" disabled={busy}>
            {busy ? "Cancelling…" : button}
          </button>
          <Link to={`/hosting/sessions/${sessionId}`} className="button button-secondary" preventScrollReset>
            Keep the session
          </Link>
        </div>
      </Form>
    </section>
  );
}

/** One radio of the "Which sessions" choice, with what it reaches under its label. */
function ScopeChoice({
  meta,
  value,
  onChoose,
  reach,
  children,
}: {
  meta: FieldMetadata<string | undefined>;
  value: EditScope;
  onChoose: (scope: EditScope) => void;
  reach: Reach;
  children: ReactNode;
}) {
  const { key, ...props } = getInputProps(meta, { type: "radio", value });
  const reachId = `${meta.id}-${value}-reach`;
  return (
    <div className="scope-choice">
      <label className="checkbox">
        <input key={key} {...props} aria-describedby={reachId} onChange={() => onChoose(value)} />
        {children}
      </label>
      <p className="hint scope-reach" id={reachId}>
        {reachWords(reach)}
      </p>
    </div>
  );
}
