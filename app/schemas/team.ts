/**
 * The manager's forms: the team's filters and links (query strings), assigning a module, signing
 * one off by hand, withdrawing an assignment, booking a report onto a session, and applying the
 * planner's proposal. The person page's two forms name themselves in a hidden `intent` field, so
 * one action can tell them apart without JavaScript.
 *
 * The assignment form is checked here only for its shape: which pieces are missing or wrong is
 * the assignment rule's to say (`decideAssignment`), all at once.
 */
import { z } from "zod";
import { DEFAULT_HORIZON_DAYS } from "~/domain/planner";
import { multiLine, singleLine } from "./text";

const WHOLE_NUMBER = /^\d{1,9}$/;

/** A positive whole number from the address; anything else reads as "not given". */
const linkId = z
  .string()
  .regex(WHOLE_NUMBER)
  .transform(Number)
  .pipe(z.number().int().positive())
  .optional()
  .catch(undefined);

/** The team page's filters. */
export const TeamFilterSchema = z.object({
  department: linkId,
  direct: z.literal("1").optional().catch(undefined),
  page: linkId,
});

/** What a link into a team form may name: a person, a module, an assignment to withdraw. */
export const TeamLinkSchema = z.object({
  person: linkId,
  module: linkId,
  withdraw: linkId,
});

/** Reads a query string with one of the schemas above; it never refuses, it ignores. */
export function readQuery<T extends z.ZodType>(schema: T, request: Request): z.infer<T> {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

const MODULE_MISSING = "Choose a module to assign.";

export const AssignSchema = z.object({
  moduleId: z.number({ error: MODULE_MISSING }).int(MODULE_MISSING).positive(MODULE_MISSING).optional(),
  dueOn: singleLine("the due date").trim().default(""),
  personIds: z.array(z.number().int().positive()).default([]),
  /** "Everyone who reports to you" ticked. */
  everyone: z.literal("1").optional(),
  departmentId: z.number().int().positive().optional(),
  // Never kept: where to go back to is checked by the safe-redirect rule, which refuses control characters.
  returnTo: z.string().optional(),
});

const SIGN_OFF_MODULE_MISSING = "Choose the module to sign off.";

export const SignOffSchema = z.object({
  intent: z.literal("sign-off"),
  moduleId: z.number({ error: SIGN_OFF_MODULE_MISSING }).int(SIGN_OFF_MODULE_MISSING).positive(SIGN_OFF_MODULE_MISSING),
  // Whether a reason is given, and how long it may be, is the sign-off rule's to say.
  reason: multiLine("the reason").default(""),
});

const WITHDRAW_MISSING = "Choose the assignment to withdraw.";

export const WithdrawSchema = z.object({
  intent: z.literal("withdraw"),
  assignmentId: z.number({ error: WITHDRAW_MISSING }).int(WITHDRAW_MISSING).positive(WITHDRAW_MISSING),
});

const PERSON_MISSING = "Choose who to book.";

export const BookReportSchema = z.object({
  personId: z.number({ error: PERSON_MISSING }).int(PERSON_MISSING).positive(PERSON_MISSING),
});

/** The planner form (a query string): whose plan, how far ahead, how the proposal is grouped. */
export const PlannerParamsSchema = z.object({
  scope: z.enum(["team", "everyone", "department"]).catch("team"),
  dept: linkId,
  weeks: z.coerce
    .number()
    .int()
    .min(1)
    .max(8)
    .catch(DEFAULT_HORIZON_DAYS / 7),
  run: z.literal("1").optional().catch(undefined),
  group: z.enum(["session", "person"]).catch("session"),
});

export type PlannerParams = z.infer<typeof PlannerParamsSchema>;

const NOTHING_TICKED = "Tick at least one proposed booking to apply.";

/** Applying a reviewed proposal: each ticked line names a person and a session, "personId:sessionId". */
export const PlannerApplySchema = z.object({
  line: z
    .array(z.string().regex(/^\d{1,9}:\d{1,9}$/, NOTHING_TICKED), { error: NOTHING_TICKED })
    .min(1, NOTHING_TICKED)
    .transform((lines) =>
      lines.map((line) => {
        const [personId, sessionId] = line.split(":").map(Number);
        return { personId, sessionId };
      }),
    ),
});
