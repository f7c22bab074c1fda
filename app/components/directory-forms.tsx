/**
 * The admin's directory forms (departments, session kinds, modules, people), each a Conform form
 * on its schema in `~/schemas/admin`, shared by the "add" and "edit" pages. The page passes the
 * action's last answer, the values to start from, and its buttons.
 */
import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  useForm,
  type DefaultValue,
  type FormMetadata,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { CheckboxField, ErrorList, Field, FormErrors, SelectField, TextareaField } from "~/components/forms";
import { MAX_REQUIRED_HOURS } from "~/domain/completion";
import { LIMITS } from "~/domain/directory";
import {
  DepartmentFormSchema,
  KindSchema,
  ModuleSchema,
  PersonSchema,
  RULE_UNITS,
  type RuleUnit,
} from "~/schemas/admin";

interface DirectoryFormProps<S extends z.ZodObject> {
  /** The form's id; its fields' ids start with it. */
  id: string;
  /** The action's answer to the last submission, if it refused it. */
  result?: SubmissionResult<string[]> | null;
  defaultValue?: DefaultValue<z.input<S>>;
  /** Where the form posts, when not to the page itself. */
  action?: string;
  /** Hidden fields and buttons, at the end of the form. */
  children: ReactNode;
}

function useDirectoryForm<S extends z.ZodObject>(schema: S, { id, result, defaultValue }: DirectoryFormProps<S>) {
  return useForm<z.input<S>, z.output<S>>({
    id,
    lastResult: result,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

/** What is wrong with the form, then the form: its fields and the page's buttons. */
function DirectoryForm<Schema extends Record<string, unknown>>({
  form,
  action,
  children,
}: {
  form: FormMetadata<Schema>;
  action?: string;
  children: ReactNode;
}) {
  return (
    <>
      <FormErrors form={form} />
      <Form method="post" action={action} className="form" {...getFormProps(form)}>
        {children}
      </Form>
    </>
  );
}

// ---- Departments -------------------------------------------------------------------------------

export function DepartmentForm(props: DirectoryFormProps<typeof DepartmentFormSchema>) {
  const [form, fields] = useDirectoryForm(DepartmentFormSchema, props);
  return (
    <DirectoryForm form={form} action={props.action}>
      <Field meta={fields.name} label="Name" inputProps={{ autoComplete: "off" }} />
      <SelectField
        meta={fields.kind}
        label="Kind"
        hint="Customer-facing departments host sessions; back-office people shadow them."
      >
        <option value="back_office">Back-office</option>
        <option value="customer_facing">Customer-facing</option>
      </SelectField>
      <TextareaField meta={fields.description} label="Description (optional)" rows={3} />
      {props.children}
    </DirectoryForm>
  );
}

// ---- Session kinds -----------------------------------------------------------------------------

const WHERE_IT_HAPPENS = {
  remote: "Remote — shadows join by video or phone",
  on_site: "On site — shadows go to the customer or the site",
} as const;

export function KindForm(props: DirectoryFormProps<typeof KindSchema>) {
  const [form, fields] = useDirectoryForm(KindSchema, props);
  const where = fields.onSite;
  return (
    <DirectoryForm form={form} action={props.action}>
      <Field
        meta={fields.name}
        label="Name"
        hint='For example "Support queue" or "Trade-show booth".'
        inputProps={{ autoComplete: "off" }}
      />
      <TextareaField meta={fields.description} label="What a shadow does (optional)" rows={3} />
      <Field
        meta={fields.defaultMinutes}
        label="Usual length in minutes"
        hint="Hosts start from this when they publish a session."
        type="number"
        inputProps={{ inputMode: "numeric", min: LIMITS.minMinutes, max: LIMITS.maxMinutes, step: 5 }}
      />
      <fieldset className="field" aria-describedby={where.errors?.length ? where.errorId : undefined}>
        <legend>Where it happens</legend>
        {getCollectionProps(where, { type: "radio", options: ["remote", "on_site"] }).map(({ key, ...radio }) => (
          <label className="checkbox" key={key}>
            <input {...radio} />
            {WHERE_IT_HAPPENS[radio.value as keyof typeof WHERE_IT_HAPPENS]}
          </label>
        ))}
        <ErrorList id={where.errorId} errors={where.errors} />
      </fieldset>
      <CheckboxField
        meta={fields.active}
        label="Offered for new sessions"
        hint="Switch off to retire a kind; its past sessions and the modules that use it stay."
      />
      {props.children}
    </DirectoryForm>
  );
}

// ---- Service modules ---------------------------------------------------------------------------

const RULE_UNIT_LABELS: Record<RuleUnit, string> = {
  sessions: "Attended sessions — each session counts once",
  hours: "Hours of attended time — each session counts for its length",
};

export function ModuleForm({
  kinds,
  ...props
}: DirectoryFormProps<typeof ModuleSchema> & { kinds: { id: number; name: string; active: boolean }[] }) {
  const [form, fields] = useDirectoryForm(ModuleSchema, props);
  return (
    <DirectoryForm form={form} action={props.action}>
      <Field meta={fields.title} label="Title" inputProps={{ autoComplete: "off" }} />
      <TextareaField meta={fields.summary} label="Summary" hint="One or two sentences people see in lists." rows={2} />
      <TextareaField
        meta={fields.guide}
        label="Guide"
        hint='What to watch for and questions to ask. Leave a blank line between paragraphs; start a line with "- " for a list item.'
        rows={12}
      />
      <fieldset className="admin-fieldset">
        <legend>Completion rule</legend>
        <fieldset
          className="field"
          aria-describedby={fields.ruleUnit.errors?.length ? fields.ruleUnit.errorId : undefined}
        >
          <legend>Count by</legend>
          {getCollectionProps(fields.ruleUnit, { type: "radio", options: [...RULE_UNITS] }).map(({ key, ...radio }) => (
            <label className="checkbox" key={key}>
              <input {...radio} />
              {RULE_UNIT_LABELS[radio.value as RuleUnit]}
            </label>
          ))}
          <ErrorList id={fields.ruleUnit.errorId} errors={fields.ruleUnit.errors} />
        </fieldset>
        <div className="admin-form-grid">
          <SelectField meta={fields.ruleKindId} label="Sessions that count">
            <option value="">Any kind of session</option>
            {kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
                {k.active ? "" : " (not offered)"}
              </option>
            ))}
          </SelectField>
          <Field
            meta={fields.requiredCount}
            label="Attended sessions needed"
            type="number"
            hint="When counting sessions."
            inputProps={{ inputMode: "numeric", min: 1, max: LIMITS.maxRequiredCount }}
          />
          <Field
            meta={fields.requiredHours}
            label="Hours needed"
            hint={`When counting hours: whole or half hours, at most ${MAX_REQUIRED_HOURS}.`}
            type="number"
            inputProps={{ inputMode: "decimal", min: 0.5, max: MAX_REQUIRED_HOURS, step: 0.5 }}
          />
          <Field
            meta={fields.validityDays}
            label="Valid for (days)"
            hint="Leave empty if it never expires; 365 is a year."
            type="number"
            inputProps={{ inputMode: "numeric", min: 1, max: LIMITS.maxValidityDays }}
          />
        </div>
        <CheckboxField meta={fields.reflectionRequired} label="A written reflection is needed on each session" />
      </fieldset>
      <CheckboxField meta={fields.core} label="Core module — everyone must hold it" />
      <CheckboxField
        meta={fields.active}
        label="In use"
        hint="Switch off to retire a module: nobody can be assigned it, and completions already earned stay on record."
      />
      {props.children}
    </DirectoryForm>
  );
}

// ---- People ------------------------------------------------------------------------------------

const ROLE_CHOICES = [
  { name: "host", label: "Host — publishes sessions shadows join" },
  { name: "manager", label: "Manager — assigns modules to their reports" },
  { name: "admin", label: "Admin — runs Frontline for the company" },
] as const;

export function PersonForm({
  departments,
  timeZones,
  managerName,
  passwordHint,
  ...props
}: DirectoryFormProps<typeof PersonSchema> & {
  departments: { id: number; name: string }[];
  timeZones: string[];
  /** Their manager now, named beside the manager's email. */
  managerName?: string | null;
  passwordHint: string;
}) {
  const [form, fields] = useDirectoryForm(PersonSchema, props);
  const email = { autoComplete: "off", spellCheck: false } as const;
  return (
    <DirectoryForm form={form} action={props.action}>
      <div className="admin-form-grid">
        <Field meta={fields.name} label="Name" inputProps={{ autoComplete: "off" }} />
        <Field meta={fields.email} label="Work email" type="email" inputProps={email} />
        <Field meta={fields.title} label="Job title" inputProps={{ autoComplete: "off" }} />
        <SelectField meta={fields.departmentId} label="Department">
          <option value="" disabled>
            Choose a department
          </option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </SelectField>
        <Field
          meta={fields.managerEmail}
          label="Manager's email"
          hint={managerName ? `Now: ${managerName}. Leave empty for no manager.` : "Leave empty for no manager."}
          type="email"
          inputProps={email}
        />
        <SelectField meta={fields.timeZone} label="Time zone" hint="Every time they see is shown in this zone.">
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
            </option>
          ))}
        </SelectField>
      </div>
      <fieldset className="field">
        <legend>Roles</legend>
        <p className="hint">Everyone is an employee. Add what else they do.</p>
        <div className="admin-checks">
          {ROLE_CHOICES.map(({ name, label }) => {
            const { key, ...checkbox } = getInputProps(fields[name], { type: "checkbox", ariaAttributes: true });
            return (
              <label className="checkbox" key={key ?? name}>
                <input {...checkbox} />
                {label}
              </label>
            );
          })}
        </div>
        <ErrorList id={fields.admin.errorId} errors={fields.admin.errors} />
      </fieldset>
      <CheckboxField
        meta={fields.active}
        label="Active"
        hint="Switching someone off keeps all their records; they can no longer sign in."
      />
      <Field
        meta={fields.password}
        label="New password (optional)"
        hint={passwordHint}
        type="password"
        inputProps={{ autoComplete: "new-password" }}
      />
      {props.children}
    </DirectoryForm>
  );
}
