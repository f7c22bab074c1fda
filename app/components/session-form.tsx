import { useEffect, useRef, useState, type InputHTMLAttributes } from "react";
import { FieldError, fieldProps } from "~/components/forms";
import type { FieldErrors } from "~/forms";

/** The typed text of a session form, as the person left it. */
export type FormValues = Record<string, string>;

/**
 * A form-wide notice, announced, that points to the fields marked below it. With script, the first
 * marked field takes the focus, so a long form does not leave the problem out of sight.
 */
export function FormProblem({
  errors,
  message,
}: {
  errors: FieldErrors | undefined;
  message?: string | null;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const count = Object.values(errors ?? {}).filter((e) => e?.length).length;
  useEffect(() => {
    if (!count && !message) return;
    const form = ref.current?.closest("form");
    const invalid = form?.querySelector<HTMLElement>("[aria-invalid='true']");
    (invalid ?? ref.current)?.focus();
  }, [errors, message, count]);
  if (!count && !message) return null;
  return (
    <div className="notice notice-error" role="alert" ref={ref} tabIndex={-1}>
      <p>
        {message ??
          (count === 1
            ? "One thing needs a look — it's marked below."
            : `${count} things need a look — they're marked below.`)}
      </p>
    </div>
  );
}

export function TextField({
  name,
  label,
  hint,
  type = "text",
  values,
  errors,
  initial = "",
  ...rest
}: {
  name: string;
  label: string;
  hint?: string;
  type?: "text" | "date" | "time" | "number" | "url";
  values: FormValues | undefined;
  errors: FieldErrors | undefined;
  initial?: string;
} & Omit<
  InputHTMLAttributes<HTMLInputElement>,
  "name" | "type" | "defaultValue"
>) {
  const own = errors?.[name];
  const props = fieldProps(name, own);
  const describedBy =
    [hint ? `${name}-hint` : null, props["aria-describedby"]]
      .filter(Boolean)
      .join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        type={type}
        defaultValue={values?.[name] ?? initial}
        {...rest}
        {...props}
        aria-describedby={describedBy}
      />
      <FieldError name={name} errors={own} />
      {hint ? (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
    </div>
  );
}

/** Where and for whom: place or link (by the kind), customer, seats, cap and notes. */
export function SessionDetailsFields({
  onSite,
  bothPlaces,
  values,
  errors,
  initial,
  seatsHint = "How many shadows can join, 1 to 50.",
}: {
  seatsHint?: string;
  /** Whether the chosen kind happens on site (an address) or remotely (a link). */
  onSite: boolean;
  /** Show both place fields, because the kind may change without a page load. */
  bothPlaces: boolean;
  values: FormValues | undefined;
  errors: FieldErrors | undefined;
  initial: {
    location: string;
    meetingUrl: string;
    customerName: string;
    customerConfidential: boolean;
    seats: string;
    departmentCap: string;
    notes: string;
  };
}) {
  const confidential = values
    ? values.customerConfidential === "on"
    : initial.customerConfidential;
  return (
    <>
      <fieldset className="form-section">
        <legend>Where</legend>
        <div className="field-row">
          {onSite || bothPlaces ? (
            <TextField
              name="location"
              label="Location"
              hint={
                bothPlaces
                  ? "For on-site kinds, such as an install: the address or site."
                  : "The address or site where shadows meet you."
              }
              values={values}
              errors={errors}
              initial={initial.location}
              autoComplete="street-address"
              maxLength={300}
            />
          ) : null}
          {!onSite || bothPlaces ? (
            <TextField
              name="meetingUrl"
              label="Meeting link"
              type="url"
              hint={
                bothPlaces
                  ? "For remote kinds: the link shadows join, starting with https://."
                  : "The link shadows join, starting with https://."
              }
              values={values}
              errors={errors}
              initial={initial.meetingUrl}
              inputMode="url"
              placeholder="https://"
              maxLength={500}
            />
          ) : null}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Customer</legend>
        <TextField
          name="customerName"
          label="Customer or account"
          hint="Optional. The household, business or account this session is with."
          values={values}
          errors={errors}
          initial={initial.customerName}
          maxLength={200}
        />
        <div className="field">
          <label className="checkbox" htmlFor="customerConfidential">
            <input
              type="checkbox"
              id="customerConfidential"
              name="customerConfidential"
              defaultChecked={confidential}
              aria-describedby="customerConfidential-hint"
            />
            Confidential
          </label>
          <span className="hint" id="customerConfidential-hint">
            Only you, the shadows booked on it and admins see the customer's
            name; everyone else reads “Confidential customer”.
          </span>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>Who can come</legend>
        <div className="field-row">
          <TextField
            name="seats"
            label="Seats"
            type="number"
            hint={seatsHint}
            values={values}
            errors={errors}
            initial={initial.seats}
            min={1}
            max={50}
            inputMode="numeric"
          />
          <TextField
            name="departmentCap"
            label="Department cap"
            type="number"
            hint="Optional. The most shadows from any one department."
            values={values}
            errors={errors}
            initial={initial.departmentCap}
            min={1}
            max={50}
            inputMode="numeric"
          />
        </div>
        <div className="field">
          <label htmlFor="notes">Notes for shadows</label>
          <textarea
            defaultValue={values?.notes ?? initial.notes}
            rows={4}
            maxLength={2000}
            {...fieldProps("notes", errors?.notes)}
            aria-describedby={[
              "notes-hint",
              errors?.notes?.length ? "notes-error" : null,
            ]
              .filter(Boolean)
              .join(" ")}
          />
          <FieldError name="notes" errors={errors?.notes} />
          <span className="hint" id="notes-hint">
            Optional. What to prepare, where to wait, what to watch for.
          </span>
        </div>
      </fieldset>
    </>
  );
}

/** True once the page runs in the browser, so fields that need script can adapt. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
