/**
 * Which days "Find a session" looks at: a list from a day (today unless chosen) for four weeks or
 * up to and including a chosen day, a page at a time; one whole week, Monday to Sunday, with the
 * first sessions of each of its days; or one day of a week in full, a page at a time. Days are the
 * viewer's own; a window ends where its last day ends. Also what a typed search matches, and how
 * a list is cut into days.
 */
import { addDays, daysBetween, mondayOf, type Day } from "./time";

export const PAGE_SIZE = 25;
/** How many sessions each day of a week shows before "Show all" leads to that day's own pages. */
export const WEEK_DAY_PREVIEW = 12;
/** One day read top to bottom takes longer pages than the general list. */
export const DAY_PAGE_SIZE = 50;
const DEFAULT_RANGE_DAYS = 28;

/** A chosen day needs this many days of calendar on each side: the list's range, a week and its neighbours. */
export const SEARCH_ROOM_DAYS = DEFAULT_RANGE_DAYS + 7;

export interface SearchRequest {
  view: "list" | "week";
  from?: Day;
  /** The last day wanted, included. */
  to?: Day;
  /** Any day of the week wanted. */
  week?: Day;
  /** One day of the week, shown in full. */
  day?: Day;
  page: number;
}

export interface SearchWindow {
  from: Day;
  /** The first day after the window. */
  until: Day;
  /** For a whole week, how many sessions each day shows; otherwise the page's length. */
  limit: number;
  offset: number;
}

export function searchWindow(request: SearchRequest, today: Day): SearchWindow {
  if (request.view === "week" && request.day) {
    return {
      from: request.day,
      until: addDays(request.day, 1),
      limit: DAY_PAGE_SIZE,
      offset: (request.page - 1) * DAY_PAGE_SIZE,
    };
  }
  if (request.view === "week") {
    const monday = mondayOf(request.week ?? weekAhead(today));
    return { from: monday, until: addDays(monday, 7), limit: WEEK_DAY_PREVIEW, offset: 0 };
  }
  const from = request.from ?? today;
  return {
    from,
    until: request.to ? addDays(request.to, 1) : addDays(from, DEFAULT_RANGE_DAYS),
    limit: PAGE_SIZE,
    offset: (request.page - 1) * PAGE_SIZE,
  };
}

/** The days from `from` up to, not including, `until`. */
export function daysOf(window: Pick<SearchWindow, "from" | "until">): Day[] {
  const days: Day[] = [];
  for (let day = window.from; day < window.until; day = addDays(day, 1)) days.push(day);
  return days;
}

/** How many pages a list of `total` needs, never fewer than one. */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/**
 * The week the week view opens on: the one today is in, except at the weekend, when what is left
 * of it is a day or two and the person is planning the week to come.
 */
export function weekAhead(today: Day): Day {
  const monday = mondayOf(today);
  return daysBetween(monday, today) >= 5 ? addDays(monday, 7) : monday;
}

/** The longest search text kept; anything past it is dropped, not refused. */
export const SEARCH_TEXT_MAX = 100;

/**
 * A SQL LIKE pattern that finds `text` anywhere in a value, with LIKE's own wildcards (and the
 * escape character `\`) typed by the person read as themselves. SQLite's LIKE ignores the case
 * of ASCII letters; other letters match as typed.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Items in the order given, cut into runs of one day each: the list's headings. */
export function groupByDay<T extends { day: Day }>(items: readonly T[]): { day: Day; items: T[] }[] {
  const groups: { day: Day; items: T[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.day === item.day) last.items.push(item);
    else groups.push({ day: item.day, items: [item] });
  }
  return groups;
}
