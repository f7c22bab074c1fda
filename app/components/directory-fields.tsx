/**
 * The fields of the admin's directory forms (departments, session kinds, modules, people), shared
 * by the "add" and "edit" pages. Values are the strings a form holds, so a refused form shows
 * exactly what was typed.
 */
import type { ReactNode } from "react";
import { FieldError, fieldProps } from "~/components/forms";

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string[] | undefined>;

const checked = (values: FormValues, name: string) => values[name] === "on";

function Field({
  name,
  label,
  hint,
  errors,
  children,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  errors: FormErrors;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      {children}
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError name={name} errors={errors[name]} />
    </div>
  );
}

/** fieldProps plus the hint, so a screen reader hears both. */
function described(name: string, errors: FormErrors, hint: boolean) {
  const props = fieldProps(name, errors[name]);
  const ids = [hint ? `${name}-hint` : null, props["aria-describedby"] ?? null].filter(Boolean).join(" ");
  return { ...props, "aria-describedby": ids || undefined };
}

function Checkbox({
  name,
  label,
  hint,
  values,
  errors,
}: {
  name: string;
  label: string;
  hint?: string;
  values: FormValues;
  errors: FormErrors;
}) {
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" defaultChecked={checked(values, name)} {...described(name, errors, Boolean(hint))} />
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError name={name} errors={errors[name]} />
    </div>
  );
}

export function FormProblem({ errors }: { errors: FormErrors }) {
  const count = Object.values(errors).filter((e) => e && e.length > 0).length;
  if (count === 0) return null;
  return (
    <div className="notice notice-error" role="alert">
      <p>
        {errors.form?.[0] ??
          (count === 1
            ? "One thing needs fixing before this can be saved."
            : `${count} things need fixing before this can be saved.`)}
      </p>
    </div>
  );
}

// ---- Departments -------------------------------------------------------------------------------

export function departmentValues(d: { name: string; kind: string; description: string }): FormValues {
  return { name: d.name, kind: d.kind, description: d.description };
}

export function DepartmentFields({ values, errors }: { values: FormValues; errors: FormErrors }) {
  return (
    <>
      <Field name="name" label="Name" errors={errors}>
        <input type="text" defaultValue={values.name ?? ""} autoComplete="off" {...fieldProps("name", errors.name)} />
      </Field>
      <Field
        name="kind"
        label="Kind"
        hint="Customer-facing departments host sessions; back-office people shadow them."
        errors={errors}
      >
        <select defaultValue={values.kind ?? "back_office"} {...described("kind", errors, true)}>
          <option value="back_office">Back-office</option>
          <option value="customer_facing">Customer-facing</option>
        </select>
      </Field>
      <Field name="description" label="Description (optional)" errors={errors}>
        <textarea rows={3} defaultValue={values.description ?? ""} {...fieldProps("description", errors.description)} />
      </Field>
    </>
  );
}

// ---- Session kinds -----------------------------------------------------------------------------

export function kindValues(k: {
  name: string;
  description: string;
  defaultMinutes: number;
  onSite: boolean;
  active: boolean;
}): FormValues {
  return {
    name: k.name,
    description: k.description,
    defaultMinutes: String(k.defaultMinutes),
    onSite: k.onSite ? "on_site" : "remote",
    ...(k.active ? { active: "on" } : {}),
  };
}

export const NEW_KIND_VALUES: FormValues = {
  defaultMinutes: "60",
  onSite: "remote",
  active: "on",
};

export function KindFields({ values, errors }: { values: FormValues; errors: FormErrors }) {
  return (
    <>
      <Field name="name" label="Name" hint='For example "Support queue" or "Trade-show booth".' errors={errors}>
        <input type="text" defaultValue={values.name ?? ""} autoComplete="off" {...described("name", errors, true)} />
      </Field>
      <Field name="description" label="What a shadow does (optional)" errors={errors}>
        <textarea rows={3} defaultValue={values.description ?? ""} {...fieldProps("description", errors.description)} />
      </Field>
      <Field
        name="defaultMinutes"
        label="Usual length in minutes"
        hint="Hosts start from this when they publish a session."
        errors={errors}
      >
        <input
          type="number"
          inputMode="numeric"
          min={5}
          max={1440}
          step={5}
          defaultValue={values.defaultMinutes ?? ""}
          {...described("defaultMinutes", errors, true)}
        />
      </Field>
      <fieldset className="field" aria-describedby={errors.onSite?.length ? "onSite-error" : undefined}>
        <legend>Where it happens</legend>
        <label className="checkbox">
          <input type="radio" name="onSite" value="remote" defaultChecked={values.onSite !== "on_site"} />
          Remote — shadows join by video or phone
        </label>
        <label className="checkbox">
          <input type="radio" name="onSite" value="on_site" defaultChecked={values.onSite === "on_site"} />
          On site — shadows go to the customer or the site
        </label>
        <FieldError name="onSite" errors={errors.onSite} />
      </fieldset>
      <Checkbox
        name="active"
        label="Offered for new sessions"
        hint="Switch off to retire a kind; its past sessions and the modules that use it stay."
        values={values}
        errors={errors}
      />
    </>
  );
}

// ---- Service modules ---------------------------------------------------------------------------

export function moduleValues(m: {
  title: string;
  summary: string;
  guide: string;
  ruleKindId: number | null;
  requiredCount: number;
  reflectionRequired: boolean;
  validityDays: number | null;
  core: boolean;
  active: boolean;
}): FormValues {
  return {
    title: m.title,
    summary: m.summary,
    guide: m.guide,
    ruleKindId: m.ruleKindId === null ? "" : String(m.ruleKindId),
    requiredCount: String(m.requiredCount),
    validityDays: m.validityDays === null ? "" : String(m.validityDays),
    ...(m.reflectionRequired ? { reflectionRequired: "on" } : {}),
    ...(m.core ? { core: "on" } : {}),
    ...(m.active ? { active: "on" } : {}),
  };
}

export const NEW_MODULE_VALUES: FormValues = {
  requiredCount: "1",
  ruleKindId: "",
  active: "on",
};

export function ModuleFields({
  values,
  errors,
  kinds,
}: {
  values: FormValues;
  errors: FormErrors;
  kinds: { id: number; name: string; active: boolean }[];
}) {
  return (
    <>
      <Field name="title" label="Title" errors={errors}>
        <input
          type="text"
          defaultValue={values.title ?? ""}
          autoComplete="off"
          {...fieldProps("title", errors.title)}
        />
      </Field>
      <Field name="summary" label="Summary" hint="One or two sentences people see in lists." errors={errors}>
        <textarea rows={2} defaultValue={values.summary ?? ""} {...described("summary", errors, true)} />
      </Field>
      <Field
        name="guide"
        label="Guide"
        hint='What to watch for and questions to ask. Leave a blank line between paragraphs; start a line with "- " for a list item.'
        errors={errors}
      >
        <textarea rows={12} defaultValue={values.guide ?? ""} {...described("guide", errors, true)} />
      </Field>
      <fieldset className="admin-fieldset">
        <legend>Completion rule</legend>
        <div className="admin-form-grid">
          <Field name="ruleKindId" label="Sessions that count" errors={errors}>
            <select defaultValue={values.ruleKindId ?? ""} {...fieldProps("ruleKindId", errors.ruleKindId)}>
              <option value="">Any kind of session</option>
              {kinds.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.name}
                  {k.active ? "" : " (not offered)"}
                </option>
              ))}
            </select>
          </Field>
          <Field name="requiredCount" label="Attended sessions needed" errors={errors}>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={50}
              defaultValue={values.requiredCount ?? ""}
              {...fieldProps("requiredCount", errors.requiredCount)}
            />
          </Field>
          <Field
            name="validityDays"
            label="Valid for (days)"
            hint="Leave empty if it never expires; 365 is a year."
            errors={errors}
          >
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={3650}
              defaultValue={values.validityDays ?? ""}
              {...described("validityDays", errors, true)}
            />
          </Field>
        </div>
        <Checkbox
          name="reflectionRequired"
          label="A written reflection is needed on each session"
          values={values}
          errors={errors}
        />
      </fieldset>
      <Checkbox name="core" label="Core module — everyone must hold it" values={values} errors={errors} />
      <Checkbox
        name="active"
        label="In use"
        hint="Switch off to retire a module: nobody can be assigned it, and completions already earned stay on record."
        values={values}
        errors={errors}
      />
    </>
  );
}

// ---- People ------------------------------------------------------------------------------------

export function personValues(p: {
  name: string;
  email: string;
  title: string;
  departmentId: number;
  managerEmail: string | null;
  timeZone: string;
  isHost: boolean;
  isManager: boolean;
  isAdmin: boolean;
  active: boolean;
}): FormValues {
  return {
    name: p.name,
    email: p.email,
    title: p.title,
    departmentId: String(p.departmentId),
    managerEmail: p.managerEmail ?? "",
    timeZone: p.timeZone,
    ...(p.isHost ? { host: "on" } : {}),
    ...(p.isManager ? { manager: "on" } : {}),
    ...(p.isAdmin ? { admin: "on" } : {}),
    ...(p.active ? { active: "on" } : {}),
  };
}

export function PersonFields({
  values,
  errors,
  departments,
  timeZones,
  managerName,
  passwordHint,
}: {
  values: FormValues;
  errors: FormErrors;
  departments: { id: number; name: string }[];
  timeZones: string[];
  managerName?: string | null;
  passwordHint: string;
}) {
  return (
    <>
      <div className="admin-form-grid">
        <Field name="name" label="Name" errors={errors}>
          <input type="text" autoComplete="off" defaultValue={values.name ?? ""} {...fieldProps("name", errors.name)} />
        </Field>
        <Field name="email" label="Work email" errors={errors}>
          <input
            type="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.email ?? ""}
            {...fieldProps("email", errors.email)}
          />
        </Field>
        <Field name="title" label="Job title" errors={errors}>
          <input
            type="text"
            autoComplete="off"
            defaultValue={values.title ?? ""}
            {...fieldProps("title", errors.title)}
          />
        </Field>
        <Field name="departmentId" label="Department" errors={errors}>
          <select defaultValue={values.departmentId ?? ""} {...fieldProps("departmentId", errors.departmentId)}>
            <option value="" disabled>
              Choose a department
            </option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          name="managerEmail"
          label="Manager's email"
          hint={managerName ? `Now: ${managerName}. Leave empty for no manager.` : "Leave empty for no manager."}
          errors={errors}
        >
          <input
            type="email"
            autoComplete="off"
            spellCheck={false}
            defaultValue={values.managerEmail ?? ""}
            {...described("managerEmail", errors, true)}
          />
        </Field>
        <Field name="timeZone" label="Time zone" hint="Every time they see is shown in this zone." errors={errors}>
          <select defaultValue={values.timeZone ?? "UTC"} {...described("timeZone", errors, true)}>
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="field">
        <legend>Roles</legend>
        <p className="hint">Everyone is an employee. Add what else they do.</p>
        <div className="admin-checks">
          <label className="checkbox">
            <input type="checkbox" name="host" id="host" defaultChecked={checked(values, "host")} />
            Host — publishes sessions shadows join
          </label>
          <label className="checkbox">
            <input type="checkbox" name="manager" id="manager" defaultChecked={checked(values, "manager")} />
            Manager — assigns modules to their reports
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              name="admin"
              id="admin"
              defaultChecked={checked(values, "admin")}
              aria-invalid={errors.admin?.length ? true : undefined}
              aria-describedby={errors.admin?.length ? "admin-error" : undefined}
            />
            Admin — runs Frontline for the company
          </label>
        </div>
        <FieldError name="admin" errors={errors.admin} />
      </fieldset>
      <Checkbox
        name="active"
        label="Active"
        hint="Switching someone off keeps all their records; they can no longer sign in."
        values={values}
        errors={errors}
      />
      <Field name="password" label="New password (optional)" hint={passwordHint} errors={errors}>
        <input type="password" autoComplete="new-password" defaultValue="" {...described("password", errors, true)} />
      </Field>
    </>
  );
}
