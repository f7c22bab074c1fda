/**
 * Undoing a manager's sign-off by hand. Who may undo one is `sign-off:undo` in
 * `./permissions` (an admin, or the manager who signed it off while the person still reports to
 * them); this module says which sign-offs can be undone and what the record says afterwards.
 *
 * Undoing ends the completion the sign-off made (the record stays, marked with who undid it and
 * why); the person's standing is then derived from their evidence again, as if the sign-off had
 * never been made: an assignment it completed opens again, overdue if its day has passed, unless
 * attended sessions meet the rule by now.
 */

export interface SignOffFacts {
  source: "evidence" | "manual";
  personId: number;
  revokedAt: number | null;
}

export type UndoSignOffRefusal = { code: "not_found" } | { code: "not_a_sign_off" } | { code: "already_undone" };

/** A sign-off of this person that still stands can be undone; anything else is refused in words. */
export function decideUndoSignOff(
  completion: SignOffFacts | null,
  personId: number,
): { ok: true } | { ok: false; reason: UndoSignOffRefusal } {
  if (!completion || completion.personId !== personId) return { ok: false, reason: { code: "not_found" } };
  if (completion.source !== "manual") return { ok: false, reason: { code: "not_a_sign_off" } };
  if (completion.revokedAt !== null) return { ok: false, reason: { code: "already_undone" } };
  return { ok: true };
}

export function undoSignOffMessage(reason: UndoSignOffRefusal): string {
  switch (reason.code) {
    case "not_found":
      return "That sign-off isn't on this person's record.";
    case "not_a_sign_off":
      return "This module was completed by attended sessions, not signed off by hand, so there is no sign-off to undo.";
    case "already_undone":
      return "This sign-off has already been undone.";
  }
}

/** What the ended completion's record says: who undid the sign-off, and why when they said. */
export function undoneRecordText(actorName: string, reason: string): string {
  return reason ? `The sign-off was undone by ${actorName}: ${reason}` : `The sign-off was undone by ${actorName}.`;
}
