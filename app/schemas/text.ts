/**
 * The one way a form reads typed text: every text field of every form is built here, so none
 * can forget to refuse control characters (app/domain/text.ts says which, and why). The check
 * comes first, on the text as it was sent, so a tab or carriage return is not trimmed away
 * unseen, and it is the one sentence the person sees beside the field.
 */
import { z } from "zod";
import { normaliseLineBreaks, textProblem, textProblemMessage, type TextShape } from "~/domain/text";

type StringParams = Parameters<typeof z.string>[0];

function clean(shape: TextShape, what: string) {
  return (payload: z.core.ParsePayload<string>) => {
    const problem = textProblem(payload.value, shape);
    if (problem) {
      // Not continued: the other checks of the field would only add a second sentence.
      payload.issues.push({
        code: "custom",
        message: textProblemMessage(problem, what),
        input: payload.value,
        continue: false,
      });
    }
  };
}

/**
 * Text typed on one line: a name, a title, an address, a link. `what` names the field in its
 * sentence ("the name"); `params` is what `z.string` takes, such as the message when it is missing.
 */
export function singleLine(what: string, params?: StringParams) {
  return z.string(params).check(clean("line", what));
}

/** Text typed in a box of several lines: tabs and line breaks are kept, CRLF read as LF. */
export function multiLine(what: string, params?: StringParams) {
  return z.string(params).overwrite(normaliseLineBreaks).check(clean("lines", what));
}

/**
 * The same check for a form that reads its fields by hand (the session forms): the sentence for
 * `text`, or null when it is clean. A box of several lines is given its text with LF line breaks.
 */
export function textIssue(text: string, shape: TextShape, what: string): string | null {
  const problem = textProblem(text, shape);
  return problem ? textProblemMessage(problem, what) : null;
}
