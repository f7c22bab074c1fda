/**
 * What each event says: the titles (SUMMARY) and descriptions of a shadow's seat, a host's
 * session and a report's seat in their manager's team feed.
 *
 * A session field a description shows is one field of `SessionText` and one line of
 * `sessionLines`. The calendar model (app/models/calendar) names the field's column once and copies
 * it into `SessionText`; the compiler points at both places until they have it. The plain text
 * details (TEXT_DETAILS, app/domain/hosting.ts) need none of that: they arrive in `details` and
 * each given one is a "Label: text" line. A change to what
 * events say changes feeds without changing any row, so it also raises FEED_FORMAT (the feed's ETag,
 * app/models/calendar/feeds.server.ts) and clients fetch the new text.
 */
import type { BookingStatus } from "../bookings";
import type { TextDetailLine } from "../hosting";
import { guideBlocks } from "../guide";

export const CONFIDENTIAL_CUSTOMER = "Confidential customer";

/** What a description says about a session; `customer` is already what the reader may see. */
export interface SessionText {
  id: number;
  kindName: string;
  hostName: string;
  onSite: boolean;
  location: string;
  meetingUrl: string;
  /** The name, CONFIDENTIAL_CUSTOMER, or "" when there is no customer. */
  customer: string;
  notes: string;
  /** The plain text details the session has (givenTextDetails), each a "Label: text" line. */
  details: readonly TextDetailLine[];
  timeZone: string;
  cancelled: boolean;
  cancelReason: string;
}

export interface ModuleText {
  title: string;
  summary: string;
  guide: string;
}

export interface ShadowText {
  name: string;
  departmentName: string;
}

export function sessionPageUrl(origin: string, sessionId: number): string {
  return `${origin.endsWith("/") ? origin.slice(0, -1) : origin}/sessions/${sessionId}`;
}

/** The customer as a reader sees it: the name only for those allowed (see access.maySeeCustomer). */
export function customerLabel(customerName: string, confidential: boolean, maySee: boolean): string {
  if (!customerName) return "";
  return confidential && !maySee ? CONFIDENTIAL_CUSTOMER : customerName;
}

/** LOCATION: on site the place, remote the meeting link; the other one when only it is known. */
export function sessionLocation(session: Pick<SessionText, "onSite" | "location" | "meetingUrl">): string {
  const first = session.onSite ? session.location : session.meetingUrl;
  return (first || session.location || session.meetingUrl).trim();
}

const GUIDE_SUMMARY_MAX = 280;
const GUIDE_POINT_MAX = 120;
const GUIDE_POINTS = 3;

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(" ");
  return `${(lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/**
 * The module guide in short: its title, its summary (or the guide's first paragraph) and the first
 * few points of what to watch for. The full guide is one click away on the session page.
 */
export function guideInShort(module: ModuleText): string {
  const blocks = guideBlocks(module.guide);
  const firstParagraph = blocks.find((block) => block.type === "paragraph")?.text ?? "";
  const points = blocks.flatMap((block) => (block.type === "list" ? block.items : [])).slice(0, GUIDE_POINTS);
  const lead = shorten(module.summary || firstParagraph, GUIDE_SUMMARY_MAX);
  return [
    `What to watch for (${module.title}):`,
    lead,
    ...points.map((point) => `- ${shorten(point, GUIDE_POINT_MAX)}`),
  ]
    .filter(Boolean)
    .join("\n");
}

/** The session as every description states it: one line per field, in the order people read them. */
function sessionLines(session: SessionText): string[] {
  const lines: string[] = [];
  if (session.cancelled) {
    lines.push(`This session was cancelled${session.cancelReason ? `: ${session.cancelReason}` : "."}`);
  }
  if (session.customer) lines.push(`Customer: ${session.customer}`);
  if (session.onSite && session.location) lines.push(`Where: ${session.location}`);
  if (session.meetingUrl) lines.push(`Join: ${session.meetingUrl}`);
  if (!session.onSite && session.location) lines.push(`Where: ${session.location}`);
  for (const detail of session.details) lines.push(`${detail.label}: ${detail.text}`);
  lines.push(`Time zone of the session: ${session.timeZone}`);
  return lines;
}

function notesBlock(notes: string): string[] {
  const text = notes.trim();
  return text ? ["", "Notes from the host:", text] : [];
}

function sessionTitle(session: Pick<SessionText, "kindName" | "hostName">): string {
  return `${session.kindName} with ${session.hostName}`;
}

const SEAT_WORDS: Record<BookingStatus, string> = {
  booked: "You have a seat.",
  waitlisted: "You are on the waitlist; the seat is not yours yet. Your calendar updates when it is.",
  attended: "You attended.",
  no_show: "Marked as not attended.",
  cancelled: "This booking was cancelled.",
};

/** The title of a shadow's own event. */
export function seatSummary(session: SessionText, booking: BookingStatus): string {
  const title = sessionTitle(session);
  if (session.cancelled || booking === "cancelled") return `Cancelled: ${title}`;
  if (booking === "waitlisted") return `Waitlisted: ${title}`;
  return `Shadowing: ${title}`;
}

/** Whether a seat is still ahead of its person: then the guide prepares them for it. */
function seatAhead(session: SessionText, booking: BookingStatus): boolean {
  return !session.cancelled && (booking === "booked" || booking === "waitlisted");
}

/**
 * The description of a shadow's own event: the session, the notes, the guide while the seat is
 * still ahead (not once attended or cancelled), the way back.
 * `guide` is `guideInShort(module)`, made once per module rather than once per event.
 */
export function describeSeat(input: {
  session: SessionText;
  booking: BookingStatus;
  guide: string | null;
  origin: string;
}): string {
  const { session, booking, guide, origin } = input;
  const lines = [`${sessionTitle(session)}.`, SEAT_WORDS[booking], ...sessionLines(session)];
  lines.push(...notesBlock(session.notes));
  if (guide && seatAhead(session, booking)) lines.push("", guide);
  lines.push("", `Session page: ${sessionPageUrl(origin, session.id)}`);
  return lines.join("\n");
}

/** The title of the host's event: the kind and how full it is. */
export function hostedSummary(session: SessionText, seats: number, seated: number): string {
  if (session.cancelled) return `Cancelled: ${session.kindName} you host`;
  return `Hosting: ${session.kindName} (${seated} of ${seats} seats taken)`;
}

const listOf = (people: readonly ShadowText[]): string =>
  people.map((p) => (p.departmentName ? `${p.name} (${p.departmentName})` : p.name)).join(", ");

/** The description of the host's event, with who is coming and who is waiting. */
export function describeHostedSession(input: {
  session: SessionText;
  seats: number;
  coming: readonly ShadowText[];
  waiting: readonly ShadowText[];
  origin: string;
}): string {
  const { session, seats, coming, waiting, origin } = input;
  const lines = [`${session.kindName} you host.`, ...sessionLines(session)];
  lines.push(
    coming.length
      ? `Coming (${coming.length} of ${seats} seats): ${listOf(coming)}`
      : `Coming: nobody yet (${seats} seats).`,
  );
  if (waiting.length) lines.push(`Waitlist, in order: ${listOf(waiting)}`);
  lines.push(...notesBlock(session.notes));
  lines.push("", `Session page: ${sessionPageUrl(origin, session.id)}`);
  return lines.join("\n");
}

const TEAM_SEAT_WORDS: Record<BookingStatus, string> = {
  booked: "has a seat",
  waitlisted: "is on the waitlist",
  attended: "attended",
  no_show: "did not attend",
  cancelled: "no longer has a seat",
};

/** The title of a report's booking in a manager's team feed. */
export function teamSeatSummary(session: SessionText, shadow: ShadowText, booking: BookingStatus): string {
  const title = sessionTitle(session);
  if (session.cancelled || booking === "cancelled") return `Cancelled: ${shadow.name} · ${title}`;
  if (booking === "waitlisted") return `Waitlisted: ${shadow.name} · ${title}`;
  return `${shadow.name} shadowing: ${title}`;
}

/** The description of a report's booking as their manager sees it. */
export function describeTeamSeat(input: {
  session: SessionText;
  shadow: ShadowText;
  booking: BookingStatus;
  origin: string;
}): string {
  const { session, shadow, booking, origin } = input;
  const who = shadow.departmentName ? `${shadow.name} (${shadow.departmentName})` : shadow.name;
  const lines = [`${who} ${TEAM_SEAT_WORDS[booking]}: ${sessionTitle(session)}.`, ...sessionLines(session)];
  lines.push("", `Session page: ${sessionPageUrl(origin, session.id)}`);
  return lines.join("\n");
}
