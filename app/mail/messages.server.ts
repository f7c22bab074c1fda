/**
 * What each message says: its payload from the outbox, written for its recipient (times in their
 * own zone) with the app's address. Seat messages carry the seat's invite, made by the same code
 * as the download and the feed, so its UID and SEQUENCE are theirs too.
 */
import { inviteFor, inviteMethodFor, sessionLocation, type InviteMethod } from "~/domain/calendar";
import { CATEGORIES, KINDS, type MailCategory, type MailKind } from "~/domain/mail/kinds";
import type { Letter } from "~/domain/mail/letter";
import {
  formatDayTime,
  formatDueDay,
  formatSpan,
  formatTimeRange,
  relativeDay,
  timeOf,
  zoneLabel,
  type Day,
} from "~/domain/time";
import { ownSeatEvent } from "~/models/calendar/events.server";
import type { DigestLine, OverlapNote, Payloads, SeatPayload, SessionLine } from "./payloads.server";

export interface Recipient {
  id: number;
  name: string;
  email: string;
  timeZone: string;
}

export interface ComposeContext {
  /** The app's public address, for links. */
  origin: string;
  now: number;
  /** The one-time link of an account message, or null where none is made (mail kept, not sent). */
  accountLink: string | null;
  /** The one-click unsubscribe address of the message's category, when it has one. */
  unsubscribeUrl: string | null;
  /** Only the letter is wanted (a list of subjects): a seat's invite is not written. */
  letterOnly?: boolean;
}

export interface ComposedMail {
  letter: Letter;
  calendar: { method: InviteMethod; content: string } | null;
}

type Composer<K extends MailKind> = (payload: Payloads[K], to: Recipient, ctx: ComposeContext) => ComposedMail;

const firstName = (name: string) => name.trim().split(/\s+/)[0] || name;
const link = (origin: string, path: string) => `${origin.replace(/\/$/, "")}${path}`;

/** "Tue 24 Nov, 10:00–11:00 EET", in the reader's zone. */
function when(start: number, end: number, timeZone: string): string {
  return `${formatSpan(start, end, timeZone)} ${zoneLabel(start, timeZone)}`;
}

function sessionLine(session: SessionLine, to: Recipient, origin: string) {
  return {
    text: `${session.kindName} with ${session.hostName}: ${when(session.startsAt, session.endsAt, to.timeZone)}`,
    url: link(origin, `/sessions/${session.id}`),
  };
}

/** Why the person gets a message of the category, and where they change it. */
function footer(category: MailCategory | null, ctx: ComposeContext): Pick<Letter, "footer" | "footerLink"> {
  if (category === null) return { footer: ["Frontline: every one of us serves the customer."] };
  const { label } = CATEGORIES[category];
  return {
    footer: [
      `You get this because "${label}" is on in your Frontline notifications.`,
      ...(ctx.unsubscribeUrl ? [`Stop these: ${ctx.unsubscribeUrl}`] : []),
    ],
    footerLink: { label: "Choose what Frontline e-mails you", url: link(ctx.origin, "/notifications") },
  };
}

// ---- Seats ------------------------------------------------------------------------------------

function seatFacts(seat: SeatPayload, to: Recipient): [string, string][] {
  const { row } = seat;
  const facts: [string, string][] = [
    ["When", when(row.startsAt, row.endsAt, to.timeZone)],
    ["Host", row.hostName],
  ];
  const where = sessionLocation(row);
  if (where) facts.push([row.onSite ? "Where" : "Join", where]);
  if (row.timeZone !== to.timeZone) {
    facts.push(["Local time there", `${formatTimeRange(row.startsAt, row.endsAt, row.timeZone)} (${row.timeZone})`]);
  }
  return facts;
}

const seatTitle = (seat: SeatPayload) => `${seat.row.kindName} with ${seat.row.hostName}`;
const shortWhen = (seat: SeatPayload, to: Recipient) => formatDayTime(seat.row.startsAt, to.timeZone);

/** The seat's invite as the person's calendar reads it: REQUEST while live, CANCEL once called off. */
function seatCalendar(seat: SeatPayload, ctx: ComposeContext): ComposedMail["calendar"] {
  if (ctx.letterOnly) return null;
  const event = ownSeatEvent(seat.row, seat.guide, ctx.origin, true);
  const method = inviteMethodFor(event.status);
  return { method, content: inviteFor(event, { method }) };
}

function seatLetter(
  seat: SeatPayload,
  to: Recipient,
  ctx: ComposeContext,
  words: { subject: string; heading: string; paragraphs: string[]; action?: string },
): Letter {
  return {
    subject: words.subject,
    heading: words.heading,
    paragraphs: [`Hello ${firstName(to.name)},`, ...words.paragraphs],
    facts: seatFacts(seat, to),
    action: { label: words.action ?? "Open the session", url: link(ctx.origin, `/sessions/${seat.row.sessionId}`) },
    ...footer("invitations", ctx),
  };
}

const bookedBy = (p: { selfBooked: boolean; byName: string; source: string }) =>
  p.selfBooked
    ? "You booked"
    : p.source === "planner"
      ? `The planner, run by ${p.byName}, booked you`
      : `${p.byName} booked you`;

const seatBooked: Composer<"seat_booked"> = (p, to, ctx) => ({
  letter: seatLetter(p, to, ctx, {
    subject: `Booked: ${seatTitle(p)}, ${shortWhen(p, to)}`,
    heading: `You have a seat: ${seatTitle(p)}`,
    paragraphs: [
      `${bookedBy(p)} a seat on ${seatTitle(p)}. The invitation is attached: accept it or open it to put the session in your calendar.`,
    ],
  }),
  calendar: seatCalendar(p, ctx),
});

const seatPromoted: Composer<"seat_promoted"> = (p, to, ctx) => ({
  letter: seatLetter(p, to, ctx, {
    subject: `You have a seat: ${seatTitle(p)}, ${shortWhen(p, to)}`,
    heading: `A seat came free for you: ${seatTitle(p)}`,
    paragraphs: [
      "You were on the waitlist and a seat came free, so it is yours now. The invitation is attached for your calendar.",
      "If you can no longer go, cancel the seat on the session page so the next person gets it.",
    ],
  }),
  calendar: seatCalendar(p, ctx),
});

const seatUpdated: Composer<"seat_updated"> = (p, to, ctx) => ({
  letter: seatLetter(p, to, ctx, {
    subject: `Changed: ${seatTitle(p)}, now ${shortWhen(p, to)}`,
    heading: `${seatTitle(p)} has changed`,
    paragraphs: [
      `The host changed the ${p.changes.join(" and ")} of a session you have a seat on. Your seat stays yours; the attached update moves it in your calendar.`,
    ],
  }),
  calendar: seatCalendar(p, ctx),
});

/**
 * Why a place was released when its session moved: the new time and the booking it overlaps,
 * which the person keeps, and how to choose the other way.
 */
function overlapParagraphs(seat: SeatPayload, overlap: OverlapNote, to: Recipient, place: string): string[] {
  return [
    `The host moved ${seatTitle(seat)} to ${when(seat.row.startsAt, seat.row.endsAt, to.timeZone)}. That overlaps your booking on ${overlap.title}, ${when(overlap.startsAt, overlap.endsAt, to.timeZone)}, and nobody can be in two places at once, so your ${place} on ${seatTitle(seat)} is released and your booking on ${overlap.title} stays.`,
    `If you would rather go to ${seatTitle(seat)} at its new time, cancel your booking on ${overlap.title} and book ${seatTitle(seat)} again.`,
  ];
}

const seatCancelled: Composer<"seat_cancelled"> = (p, to, ctx) => ({
  letter: p.overlap
    ? seatLetter(p, to, ctx, {
        subject: `Seat released: ${seatTitle(p)} moved onto another booking of yours`,
        heading: `${seatTitle(p)} moved, and overlaps your booking on ${p.overlap.title}`,
        paragraphs: [
          ...overlapParagraphs(p, p.overlap, to, "seat"),
          "The attached cancellation takes the moved session out of your calendar.",
        ],
      })
    : seatLetter(p, to, ctx, {
        subject: `Cancelled: ${seatTitle(p)}, ${shortWhen(p, to)}`,
        heading: `Your seat is cancelled: ${seatTitle(p)}`,
        paragraphs: [
          p.selfCancelled
            ? "You cancelled your seat. The attached cancellation takes the session out of your calendar."
            : `${p.byName} cancelled your seat. The attached cancellation takes the session out of your calendar.`,
        ],
        action: "Find another session",
      }),
  calendar: seatCalendar(p, ctx),
});

const sessionCancelled: Composer<"session_cancelled"> = (p, to, ctx) => ({
  letter: seatLetter(p, to, ctx, {
    subject: `Called off: ${seatTitle(p)}, ${shortWhen(p, to)}`,
    heading: `${seatTitle(p)} is called off`,
    paragraphs: [
      `The host called off a session you had a seat on${p.reason ? `: "${p.reason}"` : "."}`,
      "The attached cancellation takes it out of your calendar. Any training it counted toward still needs a session: find another one in Frontline.",
    ],
  }),
  calendar: seatCalendar(p, ctx),
});

const waitlisted: Composer<"waitlisted"> = (p, to, ctx) => ({
  letter: seatLetter(p, to, ctx, {
    subject: `Waitlist place ${p.place}: ${seatTitle(p)}, ${shortWhen(p, to)}`,
    heading: `You are number ${p.place} on the waitlist`,
    paragraphs: [
      `${p.selfBooked ? "You joined" : `${p.byName} put you on`} the waitlist for ${seatTitle(p)}: the session is full. If a seat comes free before it starts, the first person waiting gets it and an invitation by e-mail.`,
    ],
  }),
  calendar: null,
});

const waitlistLeft: Composer<"waitlist_left"> = (p, to, ctx) => ({
  letter: p.overlap
    ? seatLetter(p, to, ctx, {
        subject: `Off the waitlist: ${seatTitle(p)} moved onto another booking of yours`,
        heading: `${seatTitle(p)} moved, and overlaps your booking on ${p.overlap.title}`,
        paragraphs: overlapParagraphs(p, p.overlap, to, "waitlist place"),
      })
    : seatLetter(p, to, ctx, {
        subject: p.sessionCancelled
          ? `Called off: ${seatTitle(p)}, ${shortWhen(p, to)}`
          : `Off the waitlist: ${seatTitle(p)}, ${shortWhen(p, to)}`,
        heading: p.sessionCancelled ? `${seatTitle(p)} is called off` : "You are off the waitlist",
        paragraphs: [
          p.sessionCancelled
            ? `The host called off a session you were waiting for${p.reason ? `: "${p.reason}"` : "."}`
            : p.selfCancelled
              ? `You left the waitlist for ${seatTitle(p)}.`
              : `${p.byName} took you off the waitlist for ${seatTitle(p)}.`,
        ],
        action: "Find another session",
      }),
  calendar: null,
});

const sessionReminder: Composer<"session_reminder"> = (p, to, ctx) => ({
  letter: {
    subject: `Tomorrow: ${seatTitle(p)} at ${timeOf(p.row.startsAt, to.timeZone)}`,
    heading: `Tomorrow you shadow ${p.row.hostName}`,
    paragraphs: [
      `Hello ${firstName(to.name)},`,
      `A reminder of your seat on ${seatTitle(p)}, ${relativeDay(p.row.startsAt, ctx.now, to.timeZone)}.`,
      ...(p.guide ? [p.guide] : []),
      "If you can no longer go, cancel the seat so someone on the waitlist gets it.",
    ],
    facts: seatFacts(p, to),
    action: { label: "Open the session", url: link(ctx.origin, `/sessions/${p.row.sessionId}`) },
    ...footer("reminders", ctx),
  },
  calendar: null,
});

// ---- Training ---------------------------------------------------------------------------------

function sessionsList(sessions: readonly SessionLine[], to: Recipient, ctx: ComposeContext) {
  return {
    title: "Sessions that would count",
    items: sessions.map((s) => sessionLine(s, to, ctx.origin)),
    empty: "No session with a free seat is planned before the due day yet. Look again soon, or ask your manager.",
  };
}

const moduleAssigned: Composer<"module_assigned"> = (p, to, ctx) => ({
  letter: {
    subject: `New training: ${p.moduleTitle}, due ${formatDueDay(p.dueOn)}`,
    heading: `${p.assignedByName} asked you to complete "${p.moduleTitle}"`,
    paragraphs: [`Hello ${firstName(to.name)},`, ...(p.summary ? [p.summary] : [])],
    facts: [
      ["Due", formatDueDay(p.dueOn)],
      ["To complete it", p.rule],
    ],
    lists: [sessionsList(p.sessions, to, ctx)],
    action: { label: "See your training", url: link(ctx.origin, "/progress") },
    ...footer("assignments", ctx),
  },
  calendar: null,
});

const moduleDueSoon: Composer<"module_due_soon"> = (p, to, ctx) => ({
  letter: {
    subject: `Due ${dueIn(p.dueOn, ctx.now, to)}: ${p.moduleTitle}`,
    heading: `"${p.moduleTitle}" is due ${dueIn(p.dueOn, ctx.now, to)}`,
    paragraphs: [
      `Hello ${firstName(to.name)},`,
      "You have no session booked that would complete it. Book one of these, or talk to your manager if the day no longer works.",
    ],
    facts: [
      ["Due", formatDueDay(p.dueOn)],
      ["To complete it", p.rule],
    ],
    lists: [sessionsList(p.sessions, to, ctx)],
    action: { label: "Find a session", url: link(ctx.origin, "/sessions") },
    ...footer("reminders", ctx),
  },
  calendar: null,
});

function dueIn(dueOn: Day, now: number, to: Recipient): string {
  const noon = Date.parse(`${dueOn}T12:00:00Z`);
  const words = relativeDay(noon, now, to.timeZone);
  return words.startsWith("in ") ? `in ${words.slice(3)}` : words;
}

const digestLine = (line: DigestLine, ctx: ComposeContext) => ({
  text: `${line.personName}: ${line.moduleTitle}, due ${formatDueDay(line.dueOn)}`,
  url: link(ctx.origin, `/team/${line.personId}`),
});

const managerDigest: Composer<"manager_digest"> = (p, to, ctx) => {
  const more = (n: number) => (n > 0 ? ` (the ${n} more are on the team page)` : "");
  return {
    letter: {
      subject: `Your team's training: ${p.overdue.length + p.moreOverdue} overdue, ${p.dueSoon.length + p.moreDueSoon} due soon`,
      heading: `Your team's training, week of ${formatDueDay(p.weekOf)}`,
      paragraphs: [
        `Hello ${firstName(to.name)},`,
        "These modules of people in your team are overdue or due in the next 14 days.",
      ],
      lists: [
        {
          title: `Overdue${more(p.moreOverdue)}`,
          items: p.overdue.map((line) => digestLine(line, ctx)),
          empty: "Nothing is overdue.",
        },
        {
          title: `Due in the next 14 days${more(p.moreDueSoon)}`,
          items: p.dueSoon.map((line) => digestLine(line, ctx)),
          empty: "Nothing is due in the next 14 days.",
        },
      ],
      action: { label: "Open your team", url: link(ctx.origin, "/team") },
      ...footer("digests", ctx),
    },
    calendar: null,
  };
};

// ---- After a session --------------------------------------------------------------------------

const reflectionRequest: Composer<"reflection_request"> = (p, to, ctx) => ({
  letter: {
    subject: `How was ${p.session.kindName} with ${p.session.hostName}? Write your reflection`,
    heading: "What did you learn?",
    paragraphs: [
      `Hello ${firstName(to.name)},`,
      `You shadowed ${p.session.kindName} with ${p.session.hostName}, ${when(p.session.startsAt, p.session.endsAt, to.timeZone)}. A few lines on what you saw and what you take back to your own work make the session count, and your manager sees them beside your training.`,
    ],
    action: { label: "Write your reflection", url: link(ctx.origin, `/sessions/${p.session.id}#reflection`) },
    ...footer("follow_ups", ctx),
  },
  calendar: null,
});

const attendanceRequest: Composer<"attendance_request"> = (p, to, ctx) => ({
  letter: {
    subject: `Who came to ${p.session.kindName}? Confirm attendance`,
    heading: `Confirm who came to ${p.session.kindName}`,
    paragraphs: [
      `Hello ${firstName(to.name)},`,
      `You hosted ${p.session.kindName}, ${when(p.session.startsAt, p.session.endsAt, to.timeZone)}. ${p.unconfirmed === 1 ? "1 seat is" : `${p.unconfirmed} seats are`} not yet marked as attended or not attended. Shadows' training counts only once you confirm.`,
    ],
    action: { label: "Confirm attendance", url: link(ctx.origin, `/hosting/sessions/${p.session.id}`) },
    ...footer("follow_ups", ctx),
  },
  calendar: null,
});

// ---- Accounts ---------------------------------------------------------------------------------

const NO_LINK = "The link is made when the message goes out by e-mail, so none is shown here.";

const accountInvitation: Composer<"account_invitation"> = (p, to, ctx) => ({
  letter: {
    subject: "You're invited to Frontline",
    heading: "Set your password for Frontline",
    paragraphs: [
      `Hello ${firstName(to.name)},`,
      `${p.invitedByName ? `${p.invitedByName} has` : "Your company has"} given you an account on Frontline, where everyone books seats on real customer work (sales calls, installs, the customer line) and keeps track of their service training.`,
      `Choose a password to sign in with ${to.email}. The link works once and for ${INVITATION_DAYS} days.`,
      ...(ctx.accountLink ? [] : [NO_LINK]),
    ],
    action: ctx.accountLink ? { label: "Set your password", url: ctx.accountLink } : undefined,
    ...footer(null, ctx),
  },
  calendar: null,
});

const passwordReset: Composer<"password_reset"> = (_p, to, ctx) => ({
  letter: {
    subject: "Reset your Frontline password",
    heading: "Choose a new password",
    paragraphs: [
      `Hello ${firstName(to.name)},`,
      `Someone (we hope you) asked to reset the Frontline password of ${to.email}. The link works once and for ${RESET_MINUTES} minutes.`,
      "If it wasn't you, ignore this message: your password stays as it is.",
      ...(ctx.accountLink ? [] : [NO_LINK]),
    ],
    action: ctx.accountLink ? { label: "Choose a new password", url: ctx.accountLink } : undefined,
    ...footer(null, ctx),
  },
  calendar: null,
});

/** How long account links work. */
export const INVITATION_DAYS = 7;
export const RESET_MINUTES = 60;

const COMPOSERS: { [K in MailKind]: Composer<K> } = {
  seat_booked: seatBooked,
  seat_promoted: seatPromoted,
  seat_updated: seatUpdated,
  seat_cancelled: seatCancelled,
  session_cancelled: sessionCancelled,
  waitlisted,
  waitlist_left: waitlistLeft,
  module_assigned: moduleAssigned,
  session_reminder: sessionReminder,
  module_due_soon: moduleDueSoon,
  manager_digest: managerDigest,
  reflection_request: reflectionRequest,
  attendance_request: attendanceRequest,
  account_invitation: accountInvitation,
  password_reset: passwordReset,
};

export function composeMail<K extends MailKind>(
  kind: K,
  payload: Payloads[K],
  to: Recipient,
  ctx: ComposeContext,
): ComposedMail {
  return (COMPOSERS[kind] as Composer<K>)(payload, to, ctx);
}

export const categoryOf = (kind: MailKind): MailCategory | null => KINDS[kind].category;
