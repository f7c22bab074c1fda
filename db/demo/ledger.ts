/**
 * The demo company's bookings, made the way the app makes them: every seat and waitlist place is
 * asked of `decideBooking`, every cancellation of `decideCancellation`, every attendance and
 * no-show of `decideAttendance` and every reflection of `decideReflection`. A refusal writes
 * nothing. Around each decision the rows change as the booking model changes them: a waitlist
 * ticket is the booking's ordinal within its session, and recording attendance or cancelling
 * raises the version that calendars read as SEQUENCE.
 *
 * The generator asks in the order it plans, not in time order. Each question sees every live
 * place planned so far, so a booking the rules allow here was allowed at its own time, when the
 * session and the person held no more. Waitlist places are taken after the last seat was (see
 * `lastBookedAt`), so the queue also forms in time order.
 */
import {
  decideAttendance,
  decideBooking,
  decideCancellation,
  decideReflection,
  type BookingDecision,
  type BookingRefusal,
  type BookingSource,
  type BookingStatus,
  type CancelRefusal,
  type HostActionRefusal,
  type PersonBooking,
  type PersonFacts,
  type ReflectionRefusal,
  type SessionFacts,
} from "../../app/domain/bookings";

/** A person as the booking rules see them, with what decides who may act for them. */
export interface LedgerPerson extends PersonFacts {
  isAdmin: boolean;
  managerId: number | null;
}

/** A session as the booking rules see it; `title` names it in a refusal ("Sales call with …"). */
export interface LedgerSession extends SessionFacts {
  kindId: number;
  title: string;
}

export interface LedgerBooking {
  /** The order it was asked for; the company numbers its rows by `createdAt` before writing. */
  id: number;
  sessionId: number;
  personId: number;
  status: BookingStatus;
  bookedById: number;
  source: BookingSource;
  waitlistPosition: number | null;
  reflection: string;
  reflectedAt: number | null;
  hostNote: string;
  cancelledAt: number | null;
  cancelledById: number | null;
  version: number;
  createdAt: number;
  updatedAt: number;
  /** When the host recorded attendance or a no-show; null while that is still to do. */
  attendanceAt: number | null;
}

/** What a session holds so far. */
export interface SessionPlaces {
  seated: number;
  waitlisted: number;
  /** Every booking it has had, cancelled ones too: the next waitlist ticket is one more. */
  everBooked: number;
  /** Live places per department, for the department cap. */
  fromDepartment: Map<number, number>;
  /** When its latest booking was made. */
  lastBookedAt: number;
}

export type LedgerResult<R> = { ok: true; booking: LedgerBooking } | { ok: false; reason: R };

export class BookingLedger {
  readonly bookings: LedgerBooking[] = [];
  private readonly people = new Map<number, LedgerPerson>();
  private readonly sessions = new Map<number, { facts: LedgerSession; places: SessionPlaces }>();
  /** Each person's live bookings, as `decideBooking` reads them. */
  private readonly livePlaces = new Map<number, PersonBooking[]>();

  constructor(people: readonly LedgerPerson[], sessions: readonly LedgerSession[]) {
    for (const person of people) this.people.set(person.id, person);
    for (const facts of sessions) {
      this.sessions.set(facts.id, {
        facts,
        places: { seated: 0, waitlisted: 0, everBooked: 0, fromDepartment: new Map(), lastBookedAt: 0 },
      });
    }
  }

  session(sessionId: number): LedgerSession {
    return this.sessionEntry(sessionId).facts;
  }

  places(sessionId: number): Readonly<SessionPlaces> {
    return this.sessionEntry(sessionId).places;
  }

  /** What the rules say to `actorId` booking `personId` onto the session at `at`. */
  decide(personId: number, sessionId: number, at: number, actorId = personId): BookingDecision {
    const { facts, places } = this.sessionEntry(sessionId);
    const person = this.person(personId);
    const actor = this.person(actorId);
    return decideBooking({
      session: facts,
      person,
      liveBookingsOfPerson: this.livePlaces.get(personId) ?? [],
      sessionCounts: {
        seated: places.seated,
        waitlisted: places.waitlisted,
        fromPersonsDepartment: places.fromDepartment.get(person.departmentId) ?? 0,
      },
      now: at,
      actor: { id: actor.id, isAdmin: actor.isAdmin, managesPerson: this.manages(actorId, personId) },
    });
  }

  /** A seat or a waitlist place, whichever the rules give, made by `actorId` at `at`. */
  book(input: {
    personId: number;
    sessionId: number;
    actorId: number;
    source: BookingSource;
    at: number;
  }): LedgerResult<BookingRefusal> {
    const { personId, sessionId, actorId, source, at } = input;
    const decision = this.decide(personId, sessionId, at, actorId);
    if (!decision.ok) return decision;
    const { facts, places } = this.sessionEntry(sessionId);
    const waiting = decision.status === "waitlisted";
    const booking: LedgerBooking = {
      id: this.bookings.length + 1,
      sessionId,
      personId,
      status: decision.status,
      bookedById: actorId,
      source,
      waitlistPosition: waiting ? places.everBooked + 1 : null,
      reflection: "",
      reflectedAt: null,
      hostNote: "",
      cancelledAt: null,
      cancelledById: null,
      version: 0,
      createdAt: at,
      updatedAt: at,
      attendanceAt: null,
    };
    this.bookings.push(booking);
    places.everBooked++;
    if (waiting) places.waitlisted++;
    else places.seated++;
    const departmentId = this.person(personId).departmentId;
    places.fromDepartment.set(departmentId, (places.fromDepartment.get(departmentId) ?? 0) + 1);
    places.lastBookedAt = Math.max(places.lastBookedAt, at);
    const live = this.livePlaces.get(personId) ?? [];
    live.push({
      bookingId: booking.id,
      sessionId,
      status: decision.status,
      sessionStatus: facts.status,
      title: facts.title,
      startsAt: facts.startsAt,
      endsAt: facts.endsAt,
    });
    this.livePlaces.set(personId, live);
    return { ok: true, booking };
  }

  /** Gives the place up: the record stays, cancelled, and holds no seat and no time. */
  cancel(booking: LedgerBooking, input: { actorId: number; at: number }): LedgerResult<CancelRefusal> {
    const { actorId, at } = input;
    const { facts, places } = this.sessionEntry(booking.sessionId);
    const actor = this.person(actorId);
    const decision = decideCancellation({
      booking,
      session: facts,
      actor: { id: actor.id, isAdmin: actor.isAdmin, managesPerson: this.manages(actorId, booking.personId) },
      now: at,
    });
    if (!decision.ok) return decision;
    if (booking.status === "waitlisted") places.waitlisted--;
    else if (places.waitlisted > 0) {
      // The app would move the first person waiting up into the freed seat; the demo never
      // frees a seat somebody waits for, so its waitlists stay as they were booked.
      throw new Error(`The demo company cancels no seat that people wait for (session ${booking.sessionId}).`);
    } else places.seated--;
    const departmentId = this.person(booking.personId).departmentId;
    places.fromDepartment.set(departmentId, (places.fromDepartment.get(departmentId) ?? 1) - 1);
    const live = this.livePlaces.get(booking.personId) ?? [];
    this.livePlaces.set(
      booking.personId,
      live.filter((place) => place.bookingId !== booking.id),
    );
    Object.assign(booking, {
      status: "cancelled",
      waitlistPosition: null,
      cancelledAt: at,
      cancelledById: actorId,
      version: booking.version + 1,
      updatedAt: at,
    } satisfies Partial<LedgerBooking>);
    return { ok: true, booking };
  }

  /** The host records that the shadow came (or did not), with a note on the seat when they write one. */
  recordAttendance(
    booking: LedgerBooking,
    input: { actorId: number; status: "attended" | "no_show"; hostNote: string; at: number },
  ): LedgerResult<HostActionRefusal> {
    const { actorId, status, hostNote, at } = input;
    const actor = this.person(actorId);
    const decision = decideAttendance({
      booking,
      session: this.session(booking.sessionId),
      actor: { id: actor.id, isAdmin: actor.isAdmin },
      now: at,
    });
    if (!decision.ok) return decision;
    const place = this.livePlaces.get(booking.personId)?.find((p) => p.bookingId === booking.id);
    if (place) place.status = status;
    Object.assign(booking, {
      status,
      hostNote,
      attendanceAt: at,
      version: booking.version + 1,
      updatedAt: at,
    } satisfies Partial<LedgerBooking>);
    return { ok: true, booking };
  }

  /** The shadow's reflection on a session they attended; it keeps the time it was first written. */
  reflect(booking: LedgerBooking, input: { text: string; at: number }): LedgerResult<ReflectionRefusal> {
    const decision = decideReflection({ booking, personId: booking.personId, text: input.text });
    if (!decision.ok) return decision;
    Object.assign(booking, {
      reflection: decision.text,
      reflectedAt: booking.reflectedAt ?? input.at,
      updatedAt: input.at,
    } satisfies Partial<LedgerBooking>);
    return { ok: true, booking };
  }

  /** Whether `managerId` is above `personId` in the reporting line, directly or further up. */
  private manages(managerId: number, personId: number): boolean {
    if (managerId === personId) return false;
    const seen = new Set<number>();
    for (let id = this.person(personId).managerId; id !== null && !seen.has(id);) {
      if (id === managerId) return true;
      seen.add(id);
      id = this.person(id).managerId;
    }
    return false;
  }

  private person(personId: number): LedgerPerson {
    const person = this.people.get(personId);
    if (!person) throw new Error(`No person ${personId} in the demo company`);
    return person;
  }

  private sessionEntry(sessionId: number) {
    const entry = this.sessions.get(sessionId);
    if (!entry) throw new Error(`No session ${sessionId} in the demo company`);
    return entry;
  }
}
