/**
 * The one set of form pieces: every form is a Conform form (`useForm` with the area's zod schema,
 * `parseWithZod` in the action, `submission.reply()` for a refusal), and every field is drawn by
 * these components, so labels, hints and errors are wired the same way everywhere:
 * the error is announced and tied to its input, and a refused form keeps what the person typed,
 * with or without JavaScript.
 */
import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  type FieldMetadata,
  type FormMetadata,
} from "@conform-to/react";
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

export type ListOfErrors = Array<string | null | undefined> | null | undefined;

// Conform's metadata, whatever the value types: the components read only names, ids and errors.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyField = FieldMetadata<any, any, any>;
type AnyForm = FormMetadata<any, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A field's errors, first one shown: one fix at a time reads best beside a field. */
export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const shown = errors?.filter((e): e is string => Boolean(e));
  if (!shown?.length) return null;
  return (
    <p className="field-error" id={id}>
      {shown[0]}
    </p>
  );
}

/**
 * What is wrong with the form as a whole: its own error (a refusal that is about no one field),
 * or how many fields need fixing. It takes the focus after a refused submit, so a keyboard or
 * screen-reader user lands on the first field to fix.
 */
export function FormErrors({ form, noun = "this can be saved" }: { form: AnyForm; noun?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const fieldErrors = Object.entries(form.allErrors).filter(([name, errors]) => name !== form.name && errors.length);
  const message = form.errors?.[0];
  const count = fieldErrors.length;
  const shown = Boolean(message || count);
  useEffect(() => {
    if (!shown) return;
    const element = ref.current?.closest("form") ?? document.getElementById(form.id);
    const invalid = element?.querySelector<HTMLElement>("[aria-invalid='true']");
    (invalid ?? ref.current)?.focus();
  }, [form.errors, form.allErrors, shown, form.id]);
  if (!shown) return null;
  return (
    <div className="notice notice-error" role="alert" ref={ref} tabIndex={-1} id={form.errorId}>
      <p>
        {message ??
          (count === 1 ? `One thing needs fixing before ${noun}.` : `${count} things need fixing before ${noun}.`)}
      </p>
    </div>
  );
}

function describedBy(meta: AnyField, hint: boolean): string | undefined {
  const ids = [hint ? meta.descriptionId : null, meta.errors?.length ? meta.errorId : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

function Hint({ meta, hint }: { meta: AnyField; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <p className="hint" id={meta.descriptionId}>
      {hint}
    </p>
  );
}

type InputType = "text" | "email" | "password" | "number" | "date" | "time" | "datetime-local" | "url" | "search";

/** A labelled input. Extra attributes (autoComplete, min, placeholder…) go in `inputProps`. */
export function Field({
  meta,
  label,
  hint,
  type = "text",
  inputProps,
  className = "field",
}: {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  type?: InputType;
  inputProps?: Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "type" | "defaultValue" | "id" | "form">;
  className?: string;
}) {
  const { key, ...props } = getInputProps(meta, { type, ariaAttributes: true });
  return (
    <div className={className}>
      <label htmlFor={meta.id}>{label}</label>
      <input key={key} {...props} {...inputProps} aria-describedby={describedBy(meta, Boolean(hint))} />
      <Hint meta={meta} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextareaField({
  meta,
  label,
  hint,
  rows = 4,
  textareaProps,
  className = "field",
}: {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  rows?: number;
  textareaProps?: Omit<InputHTMLAttributes<HTMLTextAreaElement>, "name" | "defaultValue" | "id" | "form">;
  className?: string;
}) {
  const { key, ...props } = getTextareaProps(meta, { ariaAttributes: true });
  return (
    <div className={className}>
      <label htmlFor={meta.id}>{label}</label>
      <textarea
        key={key}
        rows={rows}
        {...props}
        {...textareaProps}
        aria-describedby={describedBy(meta, Boolean(hint))}
      />
      <Hint meta={meta} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  hint,
  children,
  selectProps,
  className = "field",
}: {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  selectProps?: Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "defaultValue" | "id" | "form">;
  className?: string;
}) {
  const { key, ...props } = getSelectProps(meta, { ariaAttributes: true });
  return (
    <div className={className}>
      <label htmlFor={meta.id}>{label}</label>
      <select key={key} {...props} {...selectProps} aria-describedby={describedBy(meta, Boolean(hint))}>
        {children}
      </select>
      <Hint meta={meta} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A checkbox with its label beside it; it submits "on" when ticked. */
export function CheckboxField({
  meta,
  label,
  hint,
  className = "field",
}: {
  meta: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
}) {
  const { key, ...props } = getInputProps(meta, { type: "checkbox", ariaAttributes: true });
  return (
    <div className={className}>
      <label className="checkbox">
        <input key={key} {...props} aria-describedby={describedBy(meta, Boolean(hint))} />
        {label}
      </label>
      <Hint meta={meta} hint={hint} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
