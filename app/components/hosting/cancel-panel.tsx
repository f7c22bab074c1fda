/** Asks before a host calls a session off, and takes the reason the people booked will read. */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useNavigation } from "@remix-run/react";
import { FormErrors, TextareaField } from "~/components/forms";
import { CANCEL_REASON_MAX } from "~/domain/bookings";
import { CancelSessionSchema, type SessionPageRefusal } from "~/schemas/hosting";

export function CancelPanel({
  sessionId,
  kindName,
  when,
  affected,
  refusal,
}: {
  sessionId: number;
  kindName: string;
  when: string;
  /** People booked or waiting, who will see the cancellation. */
  affected: number;
  refusal: SessionPageRefusal | undefined;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "cancel";
  const [form, fields] = useForm({
    id: "cancel-session",
    lastResult: refusal?.intent === "cancel" ? refusal.result : undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CancelSessionSchema }),
  });
  return (
    <section className="card confirm-card" aria-labelledby="cancel-heading">
      <h2 id="cancel-heading">Cancel this session?</h2>
      <p>
        {kindName}, {when}.{" "}
        {affected === 0
          ? "Nobody has booked it yet."
          : `${affected === 1 ? "The one person" : `All ${affected} people`} booked or waiting will see it cancelled in their bookings, and their calendars will drop it.`}{" "}
        This can't be undone; the record stays.
      </p>
      <FormErrors form={form} noun="the session can be cancelled" />
      <Form method="post" className="form" preventScrollReset {...getFormProps(form)}>
        <input type="hidden" name="intent" value="cancel" />
        <TextareaField
          meta={fields.reason}
          label="Reason"
          hint="Optional. Shown to the people booked, e.g. “I'm on a training day — see you next week.”"
          rows={3}
          textareaProps={{ maxLength: CANCEL_REASON_MAX }}
        />
        <div className="form-actions">
          <button type="submit" className="button button-danger-solid" disabled={busy}>
            {busy ? "Cancelling…" : "Yes, cancel this session"}
          </button>
          <Link to={`/hosting/sessions/${sessionId}`} className="button button-secondary" preventScrollReset>
            Keep the session
          </Link>
        </div>
      </Form>
    </section>
  );
}
