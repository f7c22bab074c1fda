/**
 * Which days "Find a session" looks at: a list from a day (today unless chosen) for four weeks or
 * up to and including a chosen day, a page at a time; or one whole week, Monday to Sunday. Days are
 * the viewer's own; the window ends where its last day ends.
 */
import { addDays, mondayOf, type Day } from "./time";

export const PAGE_SIZE = 25;
const DEFAULT_RANGE_DAYS = 28;
/** A week shows every session in it; this only bounds a runaway week. */
const WEEK_LIMIT = 500;

/** A chosen day needs this many days of calendar on each side: the list's range, a week and its neighbours. */
export const SEARCH_ROOM_DAYS = DEFAULT_RANGE_DAYS + 7;

export interface SearchRequest {
  view: "list" | "week";
  from?: Day;
  /** The last day wanted, included. */
  to?: Day;
  /** Any day of the week wanted. */
  week?: Day;
  page: number;
}

export interface SearchWindow {
  from: Day;
  /** The first day after the window. */
  until: Day;
  limit: number;
  offset: number;
}

export function searchWindow(request: SearchRequest, today: Day): SearchWindow {
  if (request.view === "week") {
    const monday = mondayOf(request.week ?? today);
    return { from: monday, until: addDays(monday, 7), limit: WEEK_LIMIT, offset: 0 };
  }
  const from = request.from ?? today;
  return {
    from,
    until: request.to ? addDays(request.to, 1) : addDays(from, DEFAULT_RANGE_DAYS),
    limit: PAGE_SIZE,
    offset: (request.page - 1) * PAGE_SIZE,
  };
}
