/**
 * The confirmation steps: giving up a seat or a waitlist place, signing a module off by hand, and
 * undoing a sign-off. Each form is sent twice: first without `confirm`, which only shows what will
 * happen, then with `confirm=1`, which acts. A form that skips the step (no JavaScript, an old
 * page, a hand-made request) therefore never acts on the first press. The reason is optional
 * where the change needs none, and kept in the audit log when given.
 */
import { z } from "zod";
import { CANCEL_REASON_MAX } from "~/domain/bookings";
import { SIGN_OFF_REASON_MAX } from "~/domain/completion";
import { SignOffSchema } from "./team";
import { multiLine } from "./text";

/** Present only on the second press, from the confirmation step's own button. */
const confirmed = z.literal("1").optional();

function optionalReason(max: number) {
  return multiLine("the reason").trim().max(max, `Keep the reason to at most ${max} characters.`).default("");
}

/** Giving up a seat, or leaving the waitlist, from the session page. */
export const CancelSeatSchema = z.object({
  intent: z.literal("cancel"),
  confirm: confirmed,
  reason: optionalReason(CANCEL_REASON_MAX),
});

/** A manager's sign-off by hand: the module and the reason, then the same again confirmed. */
export const SignOffStepSchema = SignOffSchema.extend({ confirm: confirmed });

const UNDO_MISSING = "Choose the sign-off to undo.";

/** Undoing a manual sign-off: the completion it made, and why, if the person says. */
export const UndoSignOffSchema = z.object({
  intent: z.literal("undo-sign-off"),
  completionId: z.number({ error: UNDO_MISSING }).int(UNDO_MISSING).positive(UNDO_MISSING),
  confirm: confirmed,
  reason: optionalReason(SIGN_OFF_REASON_MAX),
});

/** Which step a page's address opens: `?confirm=cancel`, `?undo=<completion>`. */
export const ConfirmLinkSchema = z.object({
  confirm: z.literal("cancel").optional().catch(undefined),
  undo: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().int().positive())
    .optional()
    .catch(undefined),
});
