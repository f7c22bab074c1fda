/**
 * The admin's forms: departments, session kinds, modules, people and the staff-directory import.
 * What the page checks as a person types and the action checks again. A field left empty arrives
 * as missing (Conform's reading of a form), so a required field says what to fill in.
 */
import { z } from "zod";
import { HOUR_STEP_MINUTES, MAX_REQUIRED_HOURS } from "~/domain/completion";
import { canonicalTimeZone, DEPARTMENT_KIND_VALUES, isEmail, LIMITS, normaliseEmail } from "~/domain/directory";
import { multiLine, singleLine } from "./text";

const requiredText = (what: string, max: number, missing: string, tooLong: string) =>
  singleLine(what, { error: missing }).trim().min(1, missing).max(max, tooLong);
/** An optional box of one or more sentences, such as a description. */
const optionalLines = (what: string, max: number, tooLong: string) =>
  multiLine(what).trim().max(max, tooLong).default("");
/** A checkbox: ticked is "on", unticked sends nothing. */
const checkbox = z.boolean().default(false);
/** A count typed into a box: anything but a whole number of zero or more gets `message`. */
const wholeNumber = (message: string) => z.number({ error: message }).int(message).nonnegative(message);

export const DepartmentSchema = z.object({
  name: requiredText(
    "the name",
    LIMITS.departmentName,
    "Give the department a name.",
    `Keep the name to ${LIMITS.departmentName} characters.`,
  ),
  kind: z.enum(DEPARTMENT_KIND_VALUES, "Choose whether the department faces customers or works in the back office."),
  description: optionalLines(
    "the description",
    LIMITS.departmentDescription,
    `Keep the description to ${LIMITS.departmentDescription} characters.`,
  ),
});
export type DepartmentInput = z.infer<typeof DepartmentSchema>;

/** The departments page holds two forms, adding one and editing one, that post to the same action. */
export const DepartmentFormSchema = DepartmentSchema.extend({
  intent: z.enum(["create", "update"]).catch("create"),
  id: z.number().int().optional(),
});

export const KindSchema = z.object({
  name: requiredText(
    "the name",
    LIMITS.kindName,
    "Give the session kind a name.",
    `Keep the name to ${LIMITS.kindName} characters.`,
  ),
  description: optionalLines(
    "the description",
    LIMITS.kindDescription,
    `Keep the description to ${LIMITS.kindDescription} characters.`,
  ),
  defaultMinutes: wholeNumber("Give the usual length in whole minutes, for example 60.")
    .min(LIMITS.minMinutes, `A session lasts at least ${LIMITS.minMinutes} minutes.`)
    .max(LIMITS.maxMinutes, "A session lasts at most a day (1440 minutes)."),
  onSite: z
    .enum(["on_site", "remote"], "Say whether shadows go on site or join remotely.")
    .transform((where) => where === "on_site"),
  active: checkbox,
});
export type KindInput = z.infer<typeof KindSchema>;

const VALIDITY_RANGE = `Validity is between 1 and ${LIMITS.maxValidityDays} days, or empty if it never expires.`;

export const RULE_UNITS = ["sessions", "hours"] as const;
export type RuleUnit = (typeof RULE_UNITS)[number];

const COUNT_MISSING = "Say how many attended sessions it takes, for example 2.";
export const HOURS_MESSAGES = {
  missing: "Say how many hours it takes, for example 2 or 1.5.",
  tooFew: "It takes more than 0 hours.",
  tooMany: `Ask for at most ${MAX_REQUIRED_HOURS} hours.`,
  notHalves: "Give the hours in whole or half hours, for example 2 or 1.5.",
} as const;

/** A number typed into a box, read only when its rule needs it: undefined when empty, NaN when unreadable. */
const typedNumber = (pattern: RegExp) =>
  z
    .string()
    .optional()
    .transform((text) => {
      const typed = text?.trim().replace(",", ".");
      if (!typed) return undefined;
      return pattern.test(typed) ? Number(typed) : Number.NaN;
    });

/** The hours' sentence when `hours` is not a rule's time, or null when it is. */
function hoursProblem(hours: number | undefined): string | null {
  if (hours === undefined) return HOURS_MESSAGES.missing;
  if (Number.isNaN(hours)) return HOURS_MESSAGES.notHalves;
  if (hours <= 0) return HOURS_MESSAGES.tooFew;
  if (hours > MAX_REQUIRED_HOURS) return HOURS_MESSAGES.tooMany;
  if (!Number.isInteger((hours * 60) / HOUR_STEP_MINUTES)) return HOURS_MESSAGES.notHalves;
  return null;
}

export const ModuleSchema = z
  .object({
    title: requiredText(
      "the title",
      LIMITS.moduleTitle,
      "Give the module a title.",
      `Keep the title to ${LIMITS.moduleTitle} characters.`,
    ),
    summary: optionalLines(
      "the summary",
      LIMITS.moduleSummary,
      `Keep the summary to ${LIMITS.moduleSummary} characters.`,
    ),
    guide: multiLine("the guide")
      .trim()
      .max(LIMITS.guide, `Keep the guide to ${LIMITS.guide.toLocaleString("en")} characters.`)
      .default(""),
    /** The session kind that counts; empty (or anything unreadable) means any kind. */
    ruleKindId: z
      .string()
      .optional()
      .transform((id) => (id && /^\d+$/.test(id.trim()) ? Number(id) : null)),
    /** Whether the rule counts attended sessions or attended hours; the other box is not read. */
    ruleUnit: z.enum(RULE_UNITS, "Choose whether the rule counts sessions or hours.").default("sessions"),
    requiredCount: typedNumber(/^\d+$/),
    /** Hours of attended time, in whole or half hours. */
    requiredHours: typedNumber(/^-?\d*\.?\d+$/),
    reflectionRequired: checkbox,
    validityDays: wholeNumber("Give the validity in whole days, or leave it empty if it never expires.")
      .min(1, VALIDITY_RANGE)
      .max(LIMITS.maxValidityDays, VALIDITY_RANGE)
      .optional()
      .transform((days) => days ?? null),
    core: checkbox,
    active: checkbox,
  })
  .superRefine(
    (module, ctx) => {
      // Runs even when another field is wrong, so a plain POST hears about the rule at the same time.
      if (module.ruleUnit === "hours") {
        const problem = hoursProblem(module.requiredHours);
        if (problem) ctx.addIssue({ code: "custom", path: ["requiredHours"], message: problem });
        return;
      }
      const count = module.requiredCount;
      const problem =
        count === undefined || Number.isNaN(count)
          ? COUNT_MISSING
          : count < 1
            ? "It takes at least one attended session."
            : count > LIMITS.maxRequiredCount
              ? `Ask for at most ${LIMITS.maxRequiredCount} sessions.`
              : null;
      if (problem) ctx.addIssue({ code: "custom", path: ["requiredCount"], message: problem });
    },
    { when: () => true },
  );
export type ModuleInput = z.infer<typeof ModuleSchema>;

export const PersonSchema = z.object({
  name: requiredText(
    "the name",
    LIMITS.personName,
    "Enter the person's name.",
    `Keep the name to ${LIMITS.personName} characters.`,
  ),
  email: singleLine("the email", { error: "Enter their work email." })
    .trim()
    .min(1, "Enter their work email.")
    .transform(normaliseEmail)
    .refine(isEmail, "That doesn't look like an email address."),
  title: singleLine("the job title")
    .trim()
    .max(LIMITS.title, `Keep the job title to ${LIMITS.title} characters.`)
    .default(""),
  departmentId: z
    .number({ error: "Choose a department." })
    .int("Choose a department.")
    .positive("Choose a department."),
  managerEmail: singleLine("the manager's email")
    .trim()
    .default("")
    .transform(normaliseEmail)
    .refine((email) => email === "" || isEmail(email), "Give the manager's work email, or leave it empty."),
  timeZone: z
    .string()
    .default("")
    .transform((zone) => canonicalTimeZone(zone) ?? "")
    .refine((zone) => zone !== "", "Choose a time zone."),
  host: checkbox,
  manager: checkbox,
  admin: checkbox,
  active: checkbox,
  /** A new password, or empty to leave it as it is. */
  password: singleLine("the password")
    .default("")
    .refine(
      (password) => password === "" || password.length >= LIMITS.minPassword,
      `A password has at least ${LIMITS.minPassword} characters.`,
    )
    .refine(
      (password) => password.length <= LIMITS.maxPassword,
      `Keep the password to ${LIMITS.maxPassword} characters.`,
    ),
});
export type PersonInput = z.infer<typeof PersonSchema>;
