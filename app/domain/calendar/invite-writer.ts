/**
 * The .ics of a person's invite, written by the calendar writer of `feed-writer.ts`: exactly
 * ical-generator's text of `inviteCalendar(event, options)` (property tests hold it to that, broken
 * text included). ical-generator's own path folds lines with a TextEncoder per character, over a
 * millisecond for every invite e-mailed; written here it takes a few microseconds.
 */
import type { CalendarEventData } from "./event";
import { headOf, writeCalendar } from "./feed-writer";
import { invitedEvent, inviteShell, PROD_ID, type InviteOptions } from "./ical";

/** The calendar's head (VERSION to METHOD) by METHOD and PRODID: a few constants, each written once. */
const inviteHeads = new Map<string, string>();

function inviteHead(options: InviteOptions): string {
  const prodId = options.prodId ?? PROD_ID;
  const key = JSON.stringify([options.method, prodId.company, prodId.product, prodId.language ?? null]);
  let head = inviteHeads.get(key);
  if (head === undefined) {
    head = headOf(inviteShell(options));
    if (inviteHeads.size >= 64) inviteHeads.clear();
    inviteHeads.set(key, head);
  }
  return head;
}

const utf8 = new TextDecoder();

/**
 * The .ics text of a person's invite (METHOD:REQUEST) or its cancellation (METHOD:CANCEL):
 * exactly `inviteCalendar(event, options).toString()`, as UTF-8 (tests hold it to that).
 */
export function inviteFor(event: CalendarEventData, options: InviteOptions): string {
  const head = inviteHead(options);
  return utf8.decode(writeCalendar(head, [invitedEvent(event, options.method)], true));
}
