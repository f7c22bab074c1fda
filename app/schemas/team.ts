/**
 * The manager's forms: the team's filters and links (query strings), assigning a module, signing
 * one off by hand, withdrawing an assignment, and booking a report onto a session. The person
 * page's two forms name themselves in a hidden `intent` field, so one action can tell them apart
 * without JavaScript.
 *
 * The assignment form is checked here only for its shape: which pieces are missing or wrong is
 * the assignment rule's to say (`decideAssignment`), all at once.
 */
import { z } from "zod";
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

/** The same reading of an id in the address, for other modules' query schemas. */
export function linkIdField() {
  return linkId;
}

/**
 * The team pages' filters: the matrix and the list of everything overdue read the same ones; a
 * report's page reads `page` for its past sessions.
 */
export const TeamFilterSchema = z.object({
  department: linkId,
  direct: z.literal("1").optional().catch(undefined),
  page: linkId,
});

/** A team page's query string for a filter, and a page of it when one is given ("" when none). */
export function teamFilterQuery(filter: { directOnly: boolean; departmentId: number | null }, page?: number): string {
  const params = new URLSearchParams();
  if (filter.directOnly) params.set("direct", "1");
  if (filter.departmentId) params.set("department", String(filter.departmentId));
  if (page !== undefined) params.set("page", String(page));
  const query = params.toString();
  return query ? `?${query}` : "";
}

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
