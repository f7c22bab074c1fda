/**
 * The planner's forms: making a plan (for whom, how far ahead), the review's address (which plan,
 * read how, which page) and applying the plan's ticked lines, or all of them. The two buttons of
 * the review name themselves in `intent`, so the action tells them apart without JavaScript.
 */
import { z } from "zod";
import { DEFAULT_HORIZON_DAYS } from "~/domain/planner";
import { linkIdField } from "./team";

const linkId = linkIdField();

const WHOLE_NUMBER = /^\d{1,9}$/;

/** Making a plan. A choice the form never offers falls back to the viewer's own team. */
export const MakePlanSchema = z.object({
  intent: z.literal("plan"),
  scope: z.enum(["team", "everyone", "department"]).catch("team"),
  dept: linkId,
  weeks: z.coerce
    .number()
    .int()
    .min(1)
    .max(8)
    .catch(DEFAULT_HORIZON_DAYS / 7),
});

/** The review's address: `/planner?plan=12&group=person&page=3`, and a page of the people not placed. */
export const PlanViewSchema = z.object({
  plan: linkId,
  /** The proposal by session or by person, or the people the plan could not place. */
  group: z.enum(["session", "person", "unplaced"]).catch("session"),
  page: linkId,
});

export type PlanView = z.infer<typeof PlanViewSchema>;

const NOTHING_TICKED = "Tick at least one proposed booking to apply.";
const PLAN_MISSING = "This plan is no longer kept. Plan again to see a current proposal.";

const planId = z.string({ error: PLAN_MISSING }).regex(WHOLE_NUMBER, PLAN_MISSING).transform(Number);

/** Applying the plan's ticked lines (line ids), or every line it still proposes. */
export const ApplyPlanSchema = z
  .object({
    intent: z.enum(["apply", "apply-all"], { error: "That action isn't available here." }),
    plan: planId,
    line: z
      .array(z.string().regex(WHOLE_NUMBER, NOTHING_TICKED), { error: NOTHING_TICKED })
      .optional()
      .transform((ids) => (ids ?? []).map(Number)),
  })
  .refine((value) => value.intent === "apply-all" || value.line.length > 0, {
    message: NOTHING_TICKED,
    path: ["line"],
  });
