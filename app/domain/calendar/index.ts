/**
 * Calendars: the .ics invite of one booking and the private subscription feeds. Plain data in,
 * iCalendar out: no database, no clock. README.md in this folder says what each file holds and
 * why the calendars are written as they are.
 */
export {
  attendeeStatusFor,
  bookingSequence,
  bookingUid,
  hostedSessionSequence,
  inviteMethodFor,
  latest,
  seatEventStatus,
  sessionUid,
  type AttendeeStatus,
  type CalendarAttendee,
  type CalendarContact,
  type CalendarEventData,
  type CalendarEventStatus,
  type InviteMethod,
  type Revision,
} from "./event";
export {
  CONFIDENTIAL_CUSTOMER,
  customerLabel,
  describeHostedSession,
  describeSeat,
  describeTeamSeat,
  guideInShort,
  hostedSummary,
  seatSummary,
  sessionLocation,
  sessionPageUrl,
  teamSeatSummary,
  type ModuleText,
  type SessionText,
  type ShadowText,
} from "./text";
export {
  CANCELLED_KEPT_DAYS,
  cancellationsSince,
  feedAddresses,
  feedCalendarData,
  feedListsNothing,
  feedScopesFor,
  feedWindow,
  FEED_HISTORY_DAYS,
  FEED_REFRESH_MINUTES,
  FEED_SCOPE_LABELS,
  FEED_SCOPES,
  historyStart,
  listingDayStart,
  TEAM_HISTORY_DAYS,
  type FeedCalendarData,
  type FeedScope,
  type FeedWindow,
} from "./feeds";
export { feedCalendar, ICS_CONTENT_TYPE, inviteCalendar, PROD_ID, type InviteOptions, type ProdId } from "./ical";
export { feedBytes, feedFor, foldContentLines } from "./feed-writer";
export { inviteFor } from "./invite-writer";
