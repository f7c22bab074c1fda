/**
 * Clean text: what people type may be in any script, but it holds no invisible control
 * characters. Those would be kept and written as they are into pages, mail and calendar feeds,
 * where they hide text or show it in another order (U+202E writes what follows it backwards), or
 * break the file outright (a NUL, a bare carriage return inside a calendar line).
 *
 * Refused everywhere: C0 controls (U+0000–U+001F) but tab and line feed, DEL, C1 controls
 * (U+0080–U+009F), the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), and
 * half of a surrogate pair. A line of text (a name, an address) refuses tab and line feed too; a
 * box of several lines keeps them, once a browser's CRLF line breaks are read as LF.
 */

/** One line (a name, a title, a link), or several (notes, a guide, a reflection). */
export type TextShape = "line" | "lines";

/** What is wrong with a text: a control character, or a tab or line break on a single line. */
export type TextProblem = "control" | "line-break";

const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

type Character = "plain" | "break" | "control";

/** What the character at `at` is, and how many code units it takes (two for a whole surrogate pair). */
function characterAt(text: string, at: number): { character: Character; length: 1 | 2 } {
  const code = text.charCodeAt(at);
  if (code === TAB || code === LINE_FEED) return { character: "break", length: 1 };
  // CRLF is a line break as Windows and browsers write it; a CR on its own is a control character.
  if (code === CARRIAGE_RETURN && text.charCodeAt(at + 1) === LINE_FEED) return { character: "break", length: 2 };
  if (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  ) {
    return { character: "control", length: 1 };
  }
  if (code >= 0xd800 && code <= 0xdfff) {
    const next = text.charCodeAt(at + 1);
    // A character beyond U+FFFF is a high half followed by a low half; any other half is broken.
    const pair = code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    return pair ? { character: "plain", length: 2 } : { character: "control", length: 1 };
  }
  return { character: "plain", length: 1 };
}

/** What is wrong with `text` for a field of this shape, or null when it is clean. */
export function textProblem(text: string, shape: TextShape): TextProblem | null {
  let lineBreak = false;
  for (let at = 0; at < text.length;) {
    const { character, length } = characterAt(text, at);
    if (character === "control") return "control";
    if (character === "break") lineBreak = true;
    at += length;
  }
  return lineBreak && shape === "line" ? "line-break" : null;
}

/**
 * A line of refused text made safe to show while saying what is wrong with it: each control
 * character becomes the replacement character "�" and each tab or line break a space, so nothing hides or turns round
 * the text around it.
 */
export function visibleLine(text: string): string {
  let shown = "";
  for (let at = 0; at < text.length;) {
    const { character, length } = characterAt(text, at);
    shown += character === "control" ? "\uFFFD" : character === "break" ? " " : text.slice(at, at + length);
    at += length;
  }
  return shown;
}

/** A browser sends a text box's line breaks as CRLF; the text keeps them as LF. */
export function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

/** The sentence beside a field, `what` naming it as the sentence needs: "the name", "your reflection". */
export function textProblemMessage(problem: TextProblem, what: string): string {
  return problem === "control"
    ? `Remove the invisible control character from ${what}.`
    : `Keep ${what} on one line: remove the tab or line break.`;
}
