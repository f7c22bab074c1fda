/**
 * The shadow's forms: the filters of "Find a session" (a query string), and the session page's
 * forms: book a seat, give it up, write a reflection. Each session-page form names itself in a
 * hidden `intent` field, so one action can tell them apart without JavaScript.
 */
import { z } from "zod";
import { REFLECTION_MAX } from "~/domain/bookings";
import { SEARCH_ROOM_DAYS, SEARCH_TEXT_MAX } from "~/domain/session-search";
import { textProblem } from "~/domain/text";
import { addDays, isDay } from "~/domain/time";
import { multiLine } from "./text";

const blankIsUnset = (value: unknown) => (value === "" ? undefined : value);

const optionalId = z.preprocess(blankIsUnset, z.coerce.number().int().positive().optional());

/** A day within the years Frontline keeps, with room for the weeks a search looks at around it. */
const optionalDay = z.preprocess(
  blankIsUnset,
  z
    .string()
    .refine((day) => isDay(day) && isDay(addDays(day, -SEARCH_ROOM_DAYS)) && isDay(addDays(day, SEARCH_ROOM_DAYS)))
    .optional(),
);

/**
 * The words typed into the search box, spaces folded; past the longest kept they are cut, and
 * text with control characters in it is not searched for at all.
 */
const searchText = z.preprocess(
  (value) =>
    typeof value === "string" && textProblem(value, "lines") === null
      ? Array.from(value.replace(/\s+/g, " ").trim()).slice(0, SEARCH_TEXT_MAX).join("").trim() || undefined
      : undefined,
  z.string().optional(),
);

/** The filters of "Find a session". Anything malformed in the address is ignored, not refused. */
export const SessionFiltersSchema = z.object({
  view: z.enum(["list", "week"]).catch("list"),
  q: searchText.catch(undefined),
  kind: optionalId.catch(undefined),
  from: optionalDay.catch(undefined),
  to: optionalDay.catch(undefined),
  where: z.enum(["on_site", "remote"]).optional().catch(undefined),
  dept: optionalId.catch(undefined),
  free: z.literal("1").optional().catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
  week: optionalDay.catch(undefined),
  day: optionalDay.catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

export type SessionFilters = z.infer<typeof SessionFiltersSchema>;

export const BookSchema = z.object({ intent: z.literal("book") });

export const CancelSchema = z.object({ intent: z.literal("cancel") });

const REFLECTION_MISSING = "Write a sentence or two about what you saw.";

export const ReflectionSchema = z.object({
  intent: z.literal("reflect"),
  reflection: multiLine("your reflection", { error: REFLECTION_MISSING })
    .trim()
    .min(1, REFLECTION_MISSING)
    .max(REFLECTION_MAX, `Keep it under ${REFLECTION_MAX} characters.`),
});
