/**
 * Plans the demo company: who works where, what sessions run, who is asked to learn what, and who
 * tries to book which session. No database, no clock, no global randomness: the same options
 * always give the same rows, so a demo, a test and a benchmark see one company.
 *
 * Decisions:
 * - The company is sized by `people`; every department keeps its share of the default 80.
 * - Sessions fill a window of two past weeks and four upcoming weeks around `now`, on weekdays,
 *   at working hours in the host's zone. Past sessions carry attendance, reflections and
 *   completions; upcoming ones carry bookings and waitlists.
 * - The plan says who tries which session and when; the app's rules say yes or no. Every booking,
 *   waitlist place, cancellation, attendance and reflection goes through the booking rules
 *   (`./ledger`), and completions follow from the evidence through the completion rules
 *   (`./completions`). Beyond the rules the plan keeps a host from shadowing while they host,
 *   and forms waitlists only ahead of `now`.
 * - Planning scale (`upcomingSessions`, `openAssignments`, `bookingFill`, for benchmarks): each
 *   option, when given, sets its figure exactly and leaves the rest of the story as it is; without
 *   them the company is the one a first visit sees, row for row.
 */
import { decideSessionCancellation } from "../../app/domain/bookings";
import { formatRrule, weeklyOccurrences } from "../../app/domain/recurrence";
import {
  addDays,
  DAY,
  dayOf,
  daysBetween,
  HOUR,
  localInstant,
  MINUTE,
  mondayOf,
  overlaps,
  type Day,
  type Span,
} from "../../app/domain/time";
import type * as schema from "../schema";
import type { SessionStatus } from "../schema";
import { CompletionLedger, type CompletionRecord } from "./completions";
import {
  CANCELLED_SESSION_REASON,
  CUSTOMERS,
  DEMO_DEPARTMENTS,
  DEMO_PEOPLE,
  EMAIL_DOMAIN,
  HOST_NOTES,
  INSTALL_AREAS,
  MANUAL_SIGN_OFF_REASON,
  MEETING_HOST,
  NAMES,
  NO_SHOW_NOTES,
  OFFICE_CULTURES,
  OFFICE_ZONES,
  REFLECTION_OPENERS,
  REFLECTION_TAKEAWAYS,
  REMOTE_ZONES,
  SESSION_NOTES,
  type CultureKey,
  type DemoDepartment,
  type DemoPerson,
  type DemoRole,
  type DepartmentKey,
  type OfficeKey,
} from "./content";
import { BookingLedger, type LedgerBooking } from "./ledger";
import { DEMO_MODULES, DEMO_SESSION_KINDS, type DemoKindKey, type DemoModule, type DemoSessionKind } from "./modules";
import { mulberry32 } from "./random";

export type DepartmentRow = typeof schema.departments.$inferInsert;
export type PersonRow = typeof schema.people.$inferInsert;
export type SessionKindRow = typeof schema.sessionKinds.$inferInsert;
export type ServiceModuleRow = typeof schema.serviceModules.$inferInsert;
export type SessionSeriesRow = typeof schema.sessionSeries.$inferInsert;
export type SessionRow = typeof schema.sessions.$inferInsert;
export type BookingRow = typeof schema.bookings.$inferInsert;
export type CompletionRow = typeof schema.completions.$inferInsert;
export type AssignmentRow = typeof schema.assignments.$inferInsert;

export interface DemoCompany {
  departments: DepartmentRow[];
  people: PersonRow[];
  sessionKinds: SessionKindRow[];
  serviceModules: ServiceModuleRow[];
  sessionSeries: SessionSeriesRow[];
  sessions: SessionRow[];
  bookings: BookingRow[];
  completions: CompletionRow[];
  assignments: AssignmentRow[];
}

export interface DemoCompanyOptions {
  /** The instant the company is built for; everything upcoming is upcoming from here. */
  now: number;
  seed?: number;
  people?: number;
  /** Sessions over the two past and four upcoming weeks. */
  sessions?: number;
  /**
   * Sessions starting in the four upcoming weeks, exactly; the others of `sessions` fall in the two
   * past weeks. `sessions` is then half as many again by default (the past weeks at the same pace).
   * Without it, sessions fall where they may: about two thirds of them upcoming.
   */
  upcomingSessions?: number;
  /**
   * Open assignments in the finished company, exactly. Missing ones are added round-robin over
   * the back-office shadows (then the customer-facing ones, if the back office runs out of
   * modules), none yet held or booked for: work left for the planner. Extra ones are left out.
   */
  openAssignments?: number;
  /**
   * Share (0–1) of the upcoming sessions' seats that end up booked: bookings stop once it is
   * reached, and more shadows book until it is. Waitlists still form only behind full sessions.
   */
  bookingFill?: number;
  /** The demo accounts' password hash, reused for each of them. */
  passwordHash: string;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_PEOPLE = 80;
export const MINIMUM_PEOPLE = 40;
export const MINIMUM_SESSIONS = 12;
export const PAST_DAYS = 14;
export const UPCOMING_DAYS = 28;
export const SERIES_LENGTH = 6;

/** About six weeks of sessions for a company of this size. */
export function defaultSessionCount(people: number): number {
  return Math.round(people * 1.5);
}

/** Six weeks of sessions when the four upcoming weeks hold `upcoming`: the past two at the same pace. */
export function sessionCountAround(upcoming: number): number {
  return upcoming + Math.round(upcoming / 2);
}

/** Where a session may be placed: anywhere in the window, only before `now`, or only after it. */
type Side = "any" | "past" | "upcoming";

interface Department {
  id: number;
  spec: DemoDepartment;
  count: number;
  head: Person | null;
}

interface Person {
  id: number;
  /** Managers sit at a lower level than their reports, so they are inserted first. */
  level: number;
  name: string;
  email: string;
  title: string;
  department: Department;
  manager: Person | null;
  isHost: boolean;
  isManager: boolean;
  isAdmin: boolean;
  timeZone: string;
  office: OfficeKey;
  active: boolean;
  demo: DemoRole | null;
  /** The sessions the person hosts: while hosting they neither host nor shadow anything else. */
  hosting: Span[];
}

interface Kind {
  id: number;
  spec: DemoSessionKind;
}

interface Module {
  id: number;
  spec: DemoModule;
  kind: Kind | null;
}

interface Series {
  id: number;
  kind: Kind;
  host: Person;
  seats: number;
  departmentCap: number | null;
  meetingUrl: string;
  notes: string;
  firstStartsAt: number;
  createdAt: number;
}

interface Session extends Span {
  id: number;
  series: Series | null;
  kind: Kind;
  host: Person;
  seats: number;
  departmentCap: number | null;
  location: string;
  meetingUrl: string;
  customerName: string;
  customerConfidential: boolean;
  notes: string;
  status: SessionStatus;
  cancelledAt: number | null;
  cancelReason: string;
  version: number;
  createdAt: number;
}

/** A booking as the ledger keeps it, with what the plan means the person to do after the session. */
interface Booking {
  record: LedgerBooking;
  session: Session;
  person: Person;
  /** The person means to write a reflection once attendance is confirmed. */
  reflects: boolean;
  /** Attendance confirmed soon after the session, whatever chance says (the demo employee's story). */
  surelyAttended: boolean;
}

interface Assignment {
  id: number;
  person: Person;
  module: Module;
  dueOn: Day;
  dueAt: number;
  assignedBy: Person;
  createdAt: number;
  completion: CompletionRecord | null;
}

/** The days around `now` in one zone, from the day module, remembered because the plan asks often. */
class LocalDays {
  private readonly today: Day;
  /** Today's place in the week, 0 = Monday. */
  private readonly todayInWeek: number;
  private readonly days = new Map<number, Day>();
  private readonly instants = new Map<string, number>();

  constructor(
    readonly zone: string,
    now: number,
  ) {
    this.today = dayOf(now, zone);
    this.todayInWeek = daysBetween(mondayOf(this.today), this.today);
  }

  /** The local day `offset` days from today. */
  day(offset: number): Day {
    let day = this.days.get(offset);
    if (day === undefined) {
      day = addDays(this.today, offset);
      this.days.set(offset, day);
    }
    return day;
  }

  /** The instant of local time `time` ("HH:MM"), `offset` days from today. */
  at(offset: number, time: string): number {
    const key = `${offset} ${time}`;
    let instant = this.instants.get(key);
    if (instant === undefined) {
      instant = localInstant(this.day(offset), time, this.zone);
      this.instants.set(key, instant);
    }
    return instant;
  }

  /** When the day `offset` days from today ends here: when the next one starts. */
  endOf(offset: number): number {
    return this.at(offset + 1, "00:00");
  }

  /** 1 = Monday … 7 = Sunday: the week repeats every seven days. */
  weekday(offset: number): number {
    return ((((this.todayInWeek + offset) % 7) + 7) % 7) + 1;
  }

  isWorkday(offset: number): boolean {
    return this.weekday(offset) <= 5;
  }
}

const SLOTS: Record<DemoKindKey, readonly string[]> = {
  salesCall: ["09:00", "10:30", "13:00", "14:30", "16:00"],
  install: ["08:00", "12:30"],
  listenIn: ["09:00", "10:00", "11:00", "13:00", "14:00", "15:00"],
  supportQueue: ["09:00", "13:00", "15:00"],
};

const SEATS: Record<DemoKindKey, { seats: readonly number[]; weights: readonly number[] }> = {
  salesCall: { seats: [1, 2, 3], weights: [4, 5, 1] },
  install: { seats: [1, 2, 3], weights: [3, 4, 2] },
  listenIn: { seats: [2, 3, 4], weights: [3, 4, 3] },
  supportQueue: { seats: [2, 3, 4], weights: [4, 4, 2] },
};

/** How much of the shadows' free choice goes to each kind. */
const KIND_APPEAL: Record<DemoKindKey, number> = { salesCall: 3, install: 2, listenIn: 3, supportQueue: 2 };

const NAME_POOLS = Object.fromEntries(
  Object.entries(NAMES).map(([culture, names]) => [
    culture,
    { first: names.first.split(", "), last: names.last.split(", ") },
  ]),
) as Record<CultureKey, { first: string[]; last: string[] }>;

const OFFICE_PEOPLE = Object.fromEntries(
  Object.entries(OFFICE_CULTURES).map(([office, weights]) => [
    office,
    { cultures: Object.keys(weights) as CultureKey[], weights: Object.values(weights) },
  ]),
) as Record<OfficeKey, { cultures: CultureKey[]; weights: number[] }>;

const isFree = (person: Person, span: Span) => !person.hosting.some((hosted) => overlaps(hosted, span));
const toMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

const FOLDED: Record<string, string> = { ł: "l", ı: "i", ø: "o", æ: "ae", ß: "ss", đ: "d" };
function emailPart(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[łıøæßđ]/g, (c) => FOLDED[c] ?? c)
    .replace(/[^a-z0-9]/g, "");
}

export function planDemoCompany(options: DemoCompanyOptions): DemoCompany {
  const now = options.now;
  const seed = options.seed ?? DEFAULT_SEED;
  const headcount = options.people ?? DEFAULT_PEOPLE;
  const upcomingTarget = options.upcomingSessions;
  const sessionCount =
    options.sessions ??
    (upcomingTarget === undefined ? defaultSessionCount(headcount) : sessionCountAround(upcomingTarget));
  if (!Number.isFinite(now)) throw new RangeError("`now` must be an instant in milliseconds.");
  if (!Number.isInteger(headcount) || headcount < MINIMUM_PEOPLE) {
    throw new RangeError(`The demo company needs at least ${MINIMUM_PEOPLE} people.`);
  }
  if (!Number.isInteger(sessionCount) || sessionCount < MINIMUM_SESSIONS) {
    throw new RangeError(`The demo company needs at least ${MINIMUM_SESSIONS} sessions.`);
  }
  if (
    upcomingTarget !== undefined &&
    !(Number.isInteger(upcomingTarget) && upcomingTarget >= 0 && upcomingTarget <= sessionCount)
  ) {
    throw new RangeError(`Upcoming sessions must be a whole number from 0 to the ${sessionCount} sessions in all.`);
  }
  if (
    options.openAssignments !== undefined &&
    !(Number.isInteger(options.openAssignments) && options.openAssignments >= 0)
  ) {
    throw new RangeError("Open assignments must be a whole number.");
  }
  if (options.bookingFill !== undefined && !(options.bookingFill >= 0 && options.bookingFill <= 1)) {
    throw new RangeError("The booking fill is a share of the upcoming seats, from 0 to 1.");
  }
  const random = mulberry32(seed);
  const windowStart = now - PAST_DAYS * DAY;
  const windowEnd = now + UPCOMING_DAYS * DAY;
  const founded = toMinute(now - 60 * DAY);

  const calendars = new Map<string, LocalDays>();
  const calendarOf = (zone: string) => {
    let calendar = calendars.get(zone);
    if (!calendar) {
      calendar = new LocalDays(zone, now);
      calendars.set(zone, calendar);
    }
    return calendar;
  };
  /** A random instant in [from, to], to the minute. */
  const between = (from: number, to: number) => toMinute(from + random.next() * Math.max(0, to - from));

  // ---- Departments and people -------------------------------------------------------------

  const departments = allocateHeadcount(headcount).map((count, index): Department => ({
    id: index + 1,
    spec: DEMO_DEPARTMENTS[index],
    count,
    head: null,
  }));
  const departmentOf = (key: DepartmentKey) => {
    const found = departments.find((d) => d.spec.key === key);
    if (!found) throw new Error(`No department ${key}`);
    return found;
  };

  const people: Person[] = [];
  const takenEmails = new Set(DEMO_PEOPLE.map((p) => p.email));
  const takenNames = new Set(DEMO_PEOPLE.map((p) => p.name));

  const placeOf = (department: Department): { office: OfficeKey; timeZone: string; culture: CultureKey | null } => {
    if (department.spec.kind === "back_office" && random.chance(0.05)) {
      const remote = random.pick(REMOTE_ZONES);
      return { office: "helsinki", timeZone: remote.zone, culture: remote.culture };
    }
    const office: OfficeKey = random.chance(department.spec.helsinkiShare) ? "helsinki" : "manchester";
    return { office, timeZone: OFFICE_ZONES[office], culture: null };
  };

  const newName = (office: OfficeKey, culture: CultureKey | null) => {
    let first = "";
    let last = "";
    for (let attempt = 0; attempt < 5; attempt++) {
      const pools = OFFICE_PEOPLE[office];
      const names = NAME_POOLS[culture ?? random.weighted(pools.cultures, pools.weights)];
      first = random.pick(names.first);
      last = random.pick(names.last);
      if (!takenNames.has(`${first} ${last}`)) break;
    }
    takenNames.add(`${first} ${last}`);
    const base = `${emailPart(first)}.${emailPart(last)}`;
    let email = `${base}@${EMAIL_DOMAIN}`;
    for (let n = 2; takenEmails.has(email); n++) email = `${base}${n}@${EMAIL_DOMAIN}`;
    takenEmails.add(email);
    return { name: `${first} ${last}`, email };
  };

  const addPerson = (
    department: Department,
    level: number,
    title: string,
    manager: Person | null,
    roles: { isHost?: boolean; isManager?: boolean; isAdmin?: boolean },
    demo: DemoPerson | null,
    office?: OfficeKey,
  ): Person => {
    const place = office ? { office, timeZone: OFFICE_ZONES[office], culture: null } : placeOf(department);
    const identity = demo ? { name: demo.name, email: demo.email } : newName(place.office, place.culture);
    const timeZone = demo?.timeZone ?? place.timeZone;
    const person: Person = {
      id: 0,
      level,
      ...identity,
      title: demo?.title ?? title,
      department,
      manager,
      isHost: roles.isHost ?? false,
      isManager: roles.isManager ?? false,
      isAdmin: roles.isAdmin ?? demo?.role === "admin",
      timeZone,
      office: timeZone === OFFICE_ZONES.manchester ? "manchester" : "helsinki",
      active: true,
      demo: demo?.role ?? null,
      hosting: [],
    };
    people.push(person);
    return person;
  };
  const demoFor = (role: DemoRole) => {
    const demo = DEMO_PEOPLE.find((p) => p.role === role);
    if (!demo) throw new Error(`No demo person for ${role}`);
    return demo;
  };

  const administration = departmentOf("administration");
  const ceo = addPerson(administration, 0, "Chief Executive Officer", null, { isManager: true }, null, "helsinki");
  const finance = departmentOf("finance");
  const cfo = addPerson(finance, 1, finance.spec.headTitle, ceo, { isManager: true }, null, "helsinki");
  finance.head = cfo;
  for (const department of departments) {
    if (department.head) continue;
    const reportsToCfo = department.spec.reportsTo === "cfo";
    const demo = department.spec.key === "accounting" ? demoFor("manager") : null;
    department.head = addPerson(
      department,
      reportsToCfo ? 2 : 1,
      department.spec.headTitle,
      reportsToCfo ? cfo : ceo,
      { isManager: true, isAdmin: department.spec.key === "it" },
      demo,
      "helsinki",
    );
  }

  const hostsOf = new Map<DemoKindKey, Person[]>();
  for (const department of departments) {
    const head = department.head;
    if (!head) throw new Error("Every department has a head");
    const hosting = department.spec.kind === "customer_facing";
    const staff = department.count - 1 - (department === administration ? 1 : 0);
    let leadCount = staff > 12 ? Math.ceil(staff / 11) : 0;
    if (department.spec.key === "customerCare") leadCount = Math.max(leadCount, staff >= 8 ? 2 : 1);
    const leads: Person[] = [];
    for (let i = 0; i < leadCount; i++) {
      const demo = department.spec.key === "customerCare" && i === 0 ? demoFor("lead") : null;
      leads.push(addPerson(department, 3, department.spec.leadTitle, head, { isManager: true, isHost: hosting }, demo));
    }
    const demos = DEMO_PEOPLE.filter(
      (p) => p.department === department.spec.key && (p.role === "admin" || p.role === "host" || p.role === "employee"),
    );
    const members: Person[] = [];
    for (let i = 0; i < staff - leadCount; i++) {
      const demo = demos[i] ?? null;
      const manager = demo?.role === "employee" || leads.length === 0 ? head : leads[i % leads.length];
      members.push(
        addPerson(department, 4, random.pick(department.spec.memberTitles), manager, { isHost: hosting }, demo),
      );
    }
    if (department.spec.key === "procurement") {
      const leaver = members.at(-1);
      if (leaver && !leaver.demo) leaver.active = false;
    }
    for (const kind of department.spec.hosts) {
      const hosts = [...leads, ...members].filter((p) => p.isHost);
      // The demo host and lead get a double share, so their pages are busy from the first visit.
      const featured = hosts.filter((p) => p.demo);
      hostsOf.set(kind, [...featured, ...featured, ...random.shuffled(hosts.filter((p) => !p.demo))]);
    }
  }
  people.sort((a, b) => a.level - b.level);
  people.forEach((person, index) => (person.id = index + 1));
  const demoPerson = (role: DemoRole) => {
    const found = people.find((p) => p.demo === role);
    if (!found) throw new Error(`The demo ${role} was not placed`);
    return found;
  };

  // ---- Session kinds and modules ----------------------------------------------------------

  const kinds = DEMO_SESSION_KINDS.map((spec, index): Kind => ({ id: index + 1, spec }));
  const kindOf = (key: DemoKindKey) => {
    const found = kinds.find((k) => k.spec.key === key);
    if (!found) throw new Error(`No kind ${key}`);
    return found;
  };
  const modules = DEMO_MODULES.map((spec, index): Module => ({
    id: index + 1,
    spec,
    kind: spec.ruleKind ? kindOf(spec.ruleKind) : null,
  }));
  const hostedKinds = (department: Department) => new Set<DemoKindKey>(department.spec.hosts);

  // ---- Sessions ---------------------------------------------------------------------------

  const sessions: Session[] = [];
  const seriesList: Series[] = [];
  const letters = "abcdefghijkmnopqrstuvwxyz".split("");
  const meetingCode = () => {
    const group = (n: number) => Array.from({ length: n }, () => random.pick(letters)).join("");
    return `${group(3)}-${group(4)}-${group(3)}`;
  };
  const seatsFor = (kind: Kind) => {
    const seats = random.weighted(SEATS[kind.spec.key].seats, SEATS[kind.spec.key].weights);
    const departmentCap = seats >= 2 && random.chance(0.35) ? (seats >= 3 ? random.pick([1, 2]) : 1) : null;
    return { seats, departmentCap };
  };
  const acceptable = (host: Person, span: Span, side: Side = "any") =>
    span.startsAt >= windowStart &&
    span.startsAt < windowEnd &&
    !(span.startsAt < now && now < span.endsAt) &&
    (side === "any" || (side === "upcoming" ? span.startsAt > now : span.endsAt <= now)) &&
    isFree(host, span);

  const newSession = (kind: Kind, host: Person, span: Span, series: Series | null): Session => {
    const details = series
      ? {
          seats: series.seats,
          departmentCap: series.departmentCap,
          meetingUrl: series.meetingUrl,
          notes: series.notes,
        }
      : { ...seatsFor(kind), ...describeOneOff(kind, host) };
    const createdBefore = Math.min(span.startsAt, now) - DAY;
    const session: Session = {
      id: 0,
      series,
      kind,
      host,
      startsAt: span.startsAt,
      endsAt: span.endsAt,
      location: "",
      meetingUrl: "",
      customerName: "",
      customerConfidential: false,
      ...details,
      status: "scheduled",
      cancelledAt: null,
      cancelReason: "",
      version: 0,
      createdAt: series?.createdAt ?? between(createdBefore - 20 * DAY, createdBefore),
    };
    host.hosting.push(span);
    sessions.push(session);
    return session;
  };

  const describeOneOff = (kind: Kind, host: Person) => {
    const key = kind.spec.key;
    const notes = random.pick(SESSION_NOTES[key]);
    if (key === "install") {
      const area = INSTALL_AREAS[host.office];
      const street = random.pick(area.streets);
      const town = random.pick(area.towns);
      const location =
        host.office === "helsinki"
          ? `${street} ${random.int(1, 48)}, ${town}`
          : `${random.int(2, 140)} ${street}, ${town} ${random.int(1, 9)}${random.pick(["AB", "DF", "HJ", "LN", "PT", "RW", "XY"])}`;
      const customers = CUSTOMERS[host.office];
      const organisation = random.chance(0.2);
      return {
        location,
        customerName: random.pick(organisation ? customers.organisations : customers.households),
        customerConfidential: random.chance(organisation ? 0.3 : 0.08),
        notes,
      };
    }
    if (key === "salesCall") {
      const customers = CUSTOMERS[host.office];
      const organisation = random.chance(0.35);
      return {
        meetingUrl: `${MEETING_HOST}/sales-${meetingCode()}`,
        customerName: random.pick(organisation ? customers.organisations : customers.households),
        customerConfidential: random.chance(organisation ? 0.4 : 0.1),
        notes,
      };
    }
    return {
      meetingUrl: `${MEETING_HOST}/${key === "listenIn" ? "listen-in" : "support"}-${meetingCode()}`,
      notes,
    };
  };

  const seriesCount = Math.max(1, Math.round((sessionCount * 0.3) / SERIES_LENGTH));
  const oneOffCount = sessionCount - seriesCount * SERIES_LENGTH;
  if (oneOffCount < 0) throw new RangeError("Too few sessions for one listen-in series");
  const salesCount = Math.round(oneOffCount * 0.45);
  const installCount = Math.round(oneOffCount * 0.3);
  const plannedOneOffs: [DemoKindKey, number][] = [
    ["salesCall", salesCount],
    ["install", installCount],
    ["supportQueue", oneOffCount - salesCount - installCount],
  ];

  const listenIn = kindOf("listenIn");
  const listenInHosts = hostsOf.get("listenIn") ?? [];
  for (let i = 0; i < seriesCount; i++) {
    if (!placeSeries(i)) {
      throw new Error("Could not place a weekly listen-in block; add hosts or lower the session count.");
    }
  }

  function placeSeries(index: number): boolean {
    for (let attempt = 0; attempt < 60; attempt++) {
      const host = listenInHosts[(index + Math.floor(attempt / 6)) % listenInHosts.length];
      const calendar = calendarOf(host.timeZone);
      const weekday = random.int(1, 5);
      const time = random.pick(SLOTS.listenIn);
      let first = -PAST_DAYS - 1;
      while (calendar.weekday(first) !== weekday || calendar.at(first, time) < windowStart) first++;
      const occurrences = weeklyOccurrences({
        firstDate: calendar.day(first),
        startTime: time,
        timeZone: host.timeZone,
        durationMinutes: listenIn.spec.defaultMinutes,
        end: { count: SERIES_LENGTH },
      });
      if (!occurrences.every((o) => acceptable(host, o))) continue;
      const { seats, departmentCap } = seatsFor(listenIn);
      const series: Series = {
        id: seriesList.length + 1,
        kind: listenIn,
        host,
        seats,
        departmentCap,
        meetingUrl: `${MEETING_HOST}/listen-in-${meetingCode()}`,
        notes: random.pick(SESSION_NOTES.listenIn),
        firstStartsAt: occurrences[0].startsAt,
        createdAt: between(occurrences[0].startsAt - 10 * DAY, occurrences[0].startsAt - 3 * DAY),
      };
      seriesList.push(series);
      for (const occurrence of occurrences) newSession(listenIn, host, occurrence, series);
      return true;
    }
    return false;
  }

  // The demo host's week is never empty: a sales call in each of the six weeks comes first.
  const demoHost = demoPerson("host");
  for (let week = 0; week < Math.min(6, salesCount); week++) {
    const from = week < 2 ? -PAST_DAYS + 7 * week : 1 + 7 * (week - 2);
    placeWithin(kindOf("salesCall"), demoHost, from, from + 6);
  }

  const oneOffs = plannedOneOffs.map(([key, planned]) => {
    const kind = kindOf(key);
    return { kind, count: planned - sessions.filter((s) => s.kind === kind).length, ahead: 0 };
  });
  if (upcomingTarget !== undefined) {
    // The weekly blocks and the demo host's calls are placed; the one-offs make up the rest on
    // each side of `now`, each kind in proportion to its count.
    const upcomingSoFar = sessions.filter((s) => s.startsAt > now).length;
    let left = upcomingTarget - upcomingSoFar;
    const pastLeft = sessionCount - upcomingTarget - (sessions.length - upcomingSoFar);
    if (left < 0 || pastLeft < 0) {
      throw new RangeError(
        `The weekly listen-in blocks and the demo host's calls already hold ${upcomingSoFar} upcoming and ${sessions.length - upcomingSoFar} past sessions; ask for at least that many on each side.`,
      );
    }
    let rest = oneOffs.reduce((sum, o) => sum + o.count, 0);
    for (const oneOff of oneOffs) {
      oneOff.ahead = rest === 0 ? 0 : Math.min(oneOff.count, Math.round((left * oneOff.count) / rest));
      left -= oneOff.ahead;
      rest -= oneOff.count;
    }
  }
  for (const { kind, count, ahead } of oneOffs) {
    const hosts = hostsOf.get(kind.spec.key) ?? [];
    for (let i = 0; i < count; i++) {
      const side: Side = upcomingTarget === undefined ? "any" : i < ahead ? "upcoming" : "past";
      if (!placeOneOff(kind, hosts, i, side)) {
        throw new Error(`Could not place ${kind.spec.name} number ${i + 1}; add hosts or lower the session count.`);
      }
    }
  }

  function placeWithin(
    kind: Kind,
    host: Person,
    fromOffset: number,
    toOffset: number,
    attempts = 40,
    side: Side = "any",
  ) {
    const calendar = calendarOf(host.timeZone);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const offset = random.int(fromOffset, toOffset);
      if (!calendar.isWorkday(offset)) continue;
      const startsAt = calendar.at(offset, random.pick(SLOTS[kind.spec.key]));
      const span = { startsAt, endsAt: startsAt + kind.spec.defaultMinutes * MINUTE };
      if (!acceptable(host, span, side)) continue;
      newSession(kind, host, span, null);
      return true;
    }
    return false;
  }

  function placeOneOff(kind: Kind, hosts: Person[], index: number, side: Side): boolean {
    // Local day 0 holds `now`, so both sides may use it.
    const first = side === "upcoming" ? 0 : -PAST_DAYS - 1;
    const last = side === "past" ? 0 : UPCOMING_DAYS;
    for (let turn = 0; turn < 5; turn++) {
      const host = hosts[(index + turn) % hosts.length];
      if (placeWithin(kind, host, first, last, 8, side)) return true;
    }
    const minutes = kind.spec.defaultMinutes * MINUTE;
    // Crowded hosts: walk every host, day and slot in order before giving up.
    for (let h = 0; h < hosts.length; h++) {
      const host = hosts[(index + h) % hosts.length];
      const calendar = calendarOf(host.timeZone);
      for (let offset = first; offset <= last; offset++) {
        if (!calendar.isWorkday(offset)) continue;
        for (const time of SLOTS[kind.spec.key]) {
          const startsAt = calendar.at(offset, time);
          const span = { startsAt, endsAt: startsAt + minutes };
          if (!acceptable(host, span, side)) continue;
          newSession(kind, host, span, null);
          return true;
        }
      }
    }
    return false;
  }

  sessions.sort((a, b) => a.startsAt - b.startsAt || a.host.id - b.host.id || a.kind.id - b.kind.id);
  sessions.forEach((session, index) => (session.id = index + 1));

  // One postponed call shows what a cancelled session looks like; its host calls it off before
  // anyone books it.
  const postponed = sessions.find((s) => s.kind.spec.key === "salesCall" && s.startsAt > now + 3 * DAY && !s.host.demo);
  if (postponed) {
    const at = between(Math.max(postponed.createdAt, now - 2 * DAY), now - HOUR);
    const decision = allowed(
      decideSessionCancellation({
        session: { ...postponed, hostId: postponed.host.id },
        actor: postponed.host,
        reason: CANCELLED_SESSION_REASON,
        now: at,
      }),
      "calling off the postponed call",
    );
    Object.assign(postponed, {
      status: "cancelled",
      cancelledAt: at,
      cancelReason: decision.reason,
      version: postponed.version + 1,
    } satisfies Partial<Session>);
  }

  const bookable = (s: Session) => s.status === "scheduled";
  const pastOf = new Map<DemoKindKey, Session[]>();
  const upcomingOf = new Map<DemoKindKey, Session[]>();
  for (const kind of kinds) {
    const ofKind = sessions.filter((s) => s.kind === kind && bookable(s));
    pastOf.set(
      kind.spec.key,
      ofKind.filter((s) => s.endsAt <= now),
    );
    upcomingOf.set(
      kind.spec.key,
      ofKind.filter((s) => s.startsAt > now),
    );
  }

  // ---- Assignments ------------------------------------------------------------------------

  const assignments: Assignment[] = [];
  const assign = (person: Person, module: Module, dueOffset: number) => {
    const assignedBy = person.manager;
    if (!assignedBy) return;
    const calendar = calendarOf(person.timeZone);
    // Due by the end of the person's own day.
    const due = { dueOn: calendar.day(dueOffset), dueAt: calendar.endOf(dueOffset) };
    const createdAt = between(Math.min(now - 25 * DAY, due.dueAt - 20 * DAY), Math.min(now - DAY, due.dueAt - 7 * DAY));
    assignments.push({ id: 0, person, module, ...due, assignedBy, createdAt, completion: null });
  };
  const randomDueOffset = () => {
    const r = random.next();
    if (r < 0.15) return -random.int(1, 10);
    if (r < 0.4) return random.int(0, 7);
    return random.int(8, 49);
  };
  const moduleFor = (title: string) => {
    const found = modules.find((m) => m.spec.title === title);
    if (!found) throw new Error(`No module ${title}`);
    return found;
  };
  const [hearTheCustomer, rideAlong, salesCallModule] = [
    moduleFor("Hear the customer: call-line listen-in"),
    moduleFor("Ride-along: install day"),
    moduleFor("Sit in on a sales call"),
  ];
  const employee = demoPerson("employee");
  const mateosCall = (upcomingOf.get("salesCall") ?? []).find((s) => s.host.demo === "host" && s.startsAt > now + DAY);
  assign(employee, hearTheCustomer, 10);
  assign(employee, salesCallModule, mateosCall ? Math.ceil((mateosCall.startsAt - now) / DAY) + 2 : 5);
  assign(employee, rideAlong, -3);

  const shadowable = (person: Person) =>
    modules.filter((m) => !m.kind || !hostedKinds(person.department).has(m.kind.spec.key));
  for (const person of people) {
    if (!person.active || !person.manager || person === employee) continue;
    const backOffice = person.department.spec.kind === "back_office";
    const isHead = person.department.head === person;
    let count = 0;
    if (backOffice) count = isHead ? 1 : 2;
    else if (!isHead && random.chance(0.2)) count = 1;
    let choices = shadowable(person);
    for (let i = 0; i < count && choices.length > 0; i++) {
      const module = random.weighted(
        choices,
        choices.map((m) => m.spec.assignWeight),
      );
      choices = choices.filter((m) => m !== module);
      assign(person, module, randomDueOffset());
    }
  }

  // ---- Bookings, through the booking rules -------------------------------------------------

  const ledger = new BookingLedger(
    people.map((p) => ({
      id: p.id,
      departmentId: p.department.id,
      departmentName: p.department.spec.name,
      active: p.active,
      isAdmin: p.isAdmin,
      managerId: p.manager?.id ?? null,
    })),
    sessions.map((s) => ({
      id: s.id,
      hostId: s.host.id,
      hostDepartmentId: s.host.department.id,
      seats: s.seats,
      departmentCap: s.departmentCap,
      status: s.status,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      kindId: s.kind.id,
      title: `${s.kind.spec.name} with ${s.host.name}`,
    })),
  );
  const places = (session: Session) => ledger.places(session.id);
  const bookings: Booking[] = [];
  // With a booking fill, seats ahead are taken only up to that share of them.
  const upcomingSeats = sessions.reduce((sum, s) => (bookable(s) && s.startsAt > now ? sum + s.seats : sum), 0);
  const seatBudget = options.bookingFill === undefined ? Infinity : Math.round(options.bookingFill * upcomingSeats);
  let upcomingSeated = 0;
  /** When the person may have booked: after the session was published, at least two hours before it. */
  const bookingWindow = (session: Session) => ({
    from: Math.max(session.createdAt + 10 * MINUTE, now - 21 * DAY),
    to: Math.min(session.startsAt - 2 * HOUR, now - 10 * MINUTE),
  });
  /**
   * Whether the person would get `wanted` on the session, asked as of the last moment they could
   * book it (the rules close a session only at its start, so any earlier moment answers the same),
   * and whether the plan wants it there: waitlists only ahead of `now`, seats ahead only up to
   * the booking fill, and nobody shadows while hosting.
   */
  const wouldGet = (person: Person, session: Session, wanted: "booked" | "waitlisted") => {
    if (wanted === "waitlisted" ? session.startsAt <= now : session.startsAt > now && upcomingSeated >= seatBudget) {
      return false;
    }
    if (!isFree(person, session)) return false;
    const decision = ledger.decide(person.id, session.id, bookingWindow(session).to);
    return decision.ok && decision.status === wanted;
  };
  /** A place for the person on the session, asked for by them or their manager, as the rules give it. */
  const takePlace = (person: Person, session: Session, at: number, byManager: boolean) =>
    allowed(
      ledger.book({
        personId: person.id,
        sessionId: session.id,
        actorId: byManager && person.manager ? person.manager.id : person.id,
        source: byManager ? "manager" : "self",
        at,
      }),
      `a place for ${person.name} on session ${session.id}`,
    ).booking;
  /** Books the person (or their manager does) at a moment in the booking window. */
  const book = (
    person: Person,
    session: Session,
    options: { waitlist?: boolean; reflects?: boolean; surelyAttended?: boolean; byManager?: boolean } = {},
  ): Booking => {
    const wanted = options.waitlist ? "waitlisted" : "booked";
    const window = bookingWindow(session);
    // A waitlist place is taken after the last seat was.
    const createdAt =
      wanted === "waitlisted"
        ? between(Math.max(places(session).lastBookedAt, window.from), window.to)
        : between(window.from, window.to);
    const byManager = person.manager?.active && (options.byManager ?? random.chance(0.25));
    const record = takePlace(person, session, createdAt, Boolean(byManager));
    if (record.status !== wanted) throw new Error(`${person.name} got ${record.status}, not ${wanted}.`);
    if (wanted === "booked" && session.startsAt > now) upcomingSeated++;
    const booking: Booking = {
      record,
      session,
      person,
      reflects: options.reflects ?? random.chance(0.35),
      surelyAttended: options.surelyAttended ?? false,
    };
    bookings.push(booking);
    return booking;
  };
  const probe = (pool: readonly Session[], person: Person, tries = 30) => {
    if (pool.length === 0) return null;
    for (let t = 0; t < tries; t++) {
      const session = random.pick(pool);
      if (wouldGet(person, session, "booked")) return session;
    }
    return null;
  };

  // The demo employee's story: a completed listen-in module, a sales call her manager booked,
  // a place on an install's waitlist, and an overdue ride-along left for the planner.
  const manager = demoPerson("manager");
  const settledListenIns = (pastOf.get("listenIn") ?? []).filter((s) => s.endsAt <= now - 2 * DAY);
  for (const session of settledListenIns.filter((s) => s.host.demo === "lead").concat(settledListenIns)) {
    if (bookings.filter((b) => b.person === employee).length >= 2) break;
    if (wouldGet(employee, session, "booked")) {
      book(employee, session, { reflects: true, surelyAttended: true, byManager: false });
    }
  }
  if (mateosCall && wouldGet(employee, mateosCall, "booked")) book(employee, mateosCall, { byManager: true });
  const fullInstall = (upcomingOf.get("install") ?? []).find(
    (s) =>
      s.startsAt > now + 2 * DAY &&
      s.departmentCap === null &&
      places(s).seated === 0 &&
      ledger.decide(employee.id, s.id, bookingWindow(s).to).ok,
  );
  if (fullInstall) {
    const others = people.filter((p) => p.department.spec.kind === "back_office" && p !== employee && p !== manager);
    for (let t = 0; t < 50 && places(fullInstall).seated < fullInstall.seats; t++) {
      const other = random.pick(others);
      if (wouldGet(other, fullInstall, "booked")) book(other, fullInstall);
    }
    if (wouldGet(employee, fullInstall, "waitlisted")) {
      book(employee, fullInstall, { waitlist: true, byManager: false });
    }
  }

  // Open assignments bring people to sessions: some have met the rule, some are part-way,
  // some have only booked, and some are still waiting for the planner.
  const pickKind = (person: Person, module: Module): DemoKindKey | null => {
    if (module.kind) return module.kind.spec.key;
    const own = hostedKinds(person.department);
    const open = DEMO_SESSION_KINDS.filter((k) => !own.has(k.key));
    if (open.length === 0) return null;
    return random.weighted(
      open.map((k) => k.key),
      open.map((k) => KIND_APPEAL[k.key]),
    );
  };
  for (const assignment of random.shuffled(assignments.filter((a) => a.person !== employee))) {
    const { person, module } = assignment;
    const required = module.spec.requiredCount;
    const r = random.next();
    let past = 0;
    let upcoming = 0;
    if (r < 0.3) past = required;
    else if (r < 0.5) {
      past = required - 1;
      upcoming = 1;
    } else if (r < 0.7) upcoming = Math.min(required, 2);
    const reflects = module.spec.reflectionRequired ? 0.9 : 0.35;
    for (let i = 0; i < past + upcoming; i++) {
      const kind = pickKind(person, module);
      if (!kind) break;
      const session = probe(i < past ? (pastOf.get(kind) ?? []) : (upcomingOf.get(kind) ?? []), person);
      if (session) book(person, session, { reflects: random.chance(reflects) });
    }
  }

  // The demo employee keeps to her own story, so her pages read the same on every first visit.
  const shadows = people.filter(
    (p) => p.active && p !== ceo && p !== employee && p.department.spec.kind === "back_office",
  );
  const crossShadows = people.filter((p) => p.active && p.department.spec.kind === "customer_facing");
  const anyShadow = () => (random.chance(0.15) ? random.pick(crossShadows) : random.pick(shadows));

  // Every demo host's session has someone in it, so the host pages show a roster.
  for (const session of sessions) {
    if (!session.host.demo || !bookable(session) || places(session).seated > 0) continue;
    for (let t = 0; t < 40; t++) {
      const person = anyShadow();
      if (wouldGet(person, session, "booked")) {
        book(person, session);
        break;
      }
    }
  }

  // People who book without being asked.
  const upcomingSessions = sessions.filter((s) => bookable(s) && s.startsAt > now);
  for (const person of shadows) {
    if (!random.chance(0.08)) continue;
    const session = probe(upcomingSessions, person, 10);
    if (session) book(person, session);
  }

  // Popular sessions fill up, and some grow a waitlist behind them.
  for (const session of upcomingSessions) {
    if (session === fullInstall || !random.chance(0.2)) continue;
    for (let t = 0; t < session.seats * 12 && places(session).seated < session.seats; t++) {
      const person = anyShadow();
      if (wouldGet(person, session, "booked")) book(person, session);
    }
    if (places(session).seated < session.seats || !random.chance(0.6)) continue;
    const queue = random.weighted([1, 2, 3], [5, 3, 1]);
    for (let t = 0; t < 30 && places(session).waitlisted < queue; t++) {
      const person = anyShadow();
      if (wouldGet(person, session, "waitlisted")) book(person, session, { waitlist: true });
    }
  }

  // More shadows book until the booking fill is reached.
  if (options.bookingFill !== undefined && upcomingSeated < seatBudget) {
    const open = upcomingSessions.filter((s) => places(s).seated < s.seats);
    for (let t = 0; upcomingSeated < seatBudget && open.length > 0 && t < 50 * seatBudget; t++) {
      const at = random.int(0, open.length - 1);
      const session = open[at];
      const person = anyShadow();
      if (wouldGet(person, session, "booked")) book(person, session);
      if (places(session).seated >= session.seats) {
        open[at] = open[open.length - 1];
        open.pop();
      }
    }
  }

  // Changed plans: a place taken and later given up. The record stays, holding no seat and no
  // time. Nobody waits on these sessions, so no freed seat is owed to anyone.
  for (const session of sessions) {
    if (!bookable(session) || places(session).waitlisted > 0 || !random.chance(0.05)) continue;
    for (let t = 0; t < 10; t++) {
      const person = anyShadow();
      const window = bookingWindow(session);
      const decision = ledger.decide(person.id, session.id, window.to);
      if (!decision.ok) continue;
      const createdAt =
        decision.status === "waitlisted"
          ? between(Math.max(places(session).lastBookedAt, window.from), window.to)
          : between(window.from, window.to);
      const limit = Math.min(session.startsAt, now) - MINUTE;
      const cancelledAt = between(createdAt + (limit - createdAt) / 4, limit);
      const byManager = person.manager?.active === true && random.chance(0.2);
      const record = takePlace(person, session, createdAt, byManager);
      allowed(ledger.cancel(record, { actorId: person.id, at: cancelledAt }), `${person.name} giving up a place`);
      bookings.push({ record, session, person, reflects: false, surelyAttended: false });
      break;
    }
  }

  // Past sessions: the host confirms attendance some hours after the end (still pending for the
  // most recent ones), and most people who meant to reflect have done so.
  for (const booking of bookings) {
    const { record, session } = booking;
    if (record.status !== "booked" || session.endsAt > now) continue;
    const confirmedAt = booking.surelyAttended
      ? between(session.endsAt + 15 * MINUTE, session.endsAt + 3 * HOUR)
      : between(session.endsAt + 15 * MINUTE, session.endsAt + 20 * HOUR);
    if (confirmedAt >= now) continue;
    const attended = booking.surelyAttended || random.chance(0.92);
    const hostNote = !attended ? random.pick(NO_SHOW_NOTES) : random.chance(0.25) ? random.pick(HOST_NOTES) : "";
    allowed(
      ledger.recordAttendance(record, {
        actorId: session.host.id,
        status: attended ? "attended" : "no_show",
        hostNote,
        at: confirmedAt,
      }),
      `attendance on session ${session.id}`,
    );
    if (!attended || !booking.reflects) continue;
    const reflectedAt = booking.surelyAttended
      ? between(confirmedAt + HOUR, confirmedAt + 20 * HOUR)
      : between(confirmedAt + 20 * MINUTE, confirmedAt + 48 * HOUR);
    if (reflectedAt >= now) continue;
    const text = `${random.pick(REFLECTION_OPENERS[session.kind.spec.key])} ${random.pick(REFLECTION_TAKEAWAYS)}`;
    allowed(ledger.reflect(record, { text, at: reflectedAt }), `a reflection on session ${session.id}`);
  }
  // Numbered in the order they were made; within one session and minute, in the order asked.
  bookings.sort(
    (a, b) => a.record.createdAt - b.record.createdAt || a.session.id - b.session.id || a.record.id - b.record.id,
  );
  bookings.forEach((booking, index) => (booking.record.id = index + 1));

  // ---- Completions, through the completion rules -------------------------------------------

  const completions = new CompletionLedger(
    modules.map((m) => ({
      id: m.id,
      active: true,
      ruleKindId: m.kind?.id ?? null,
      requiredCount: m.spec.requiredCount,
      requiredMinutes: m.spec.requiredMinutes,
      reflectionRequired: m.spec.reflectionRequired,
      validityDays: m.spec.validityDays,
    })),
  );
  completions.replayEvidence(
    bookings.map((b) => b.record),
    (id) => ledger.session(id),
  );
  const holds = (person: Person, module: Module) => completions.heldAt(person.id, module.id, now) !== null;

  // One manual sign-off: a manager vouches for a report's week on the care line.
  const careLineModules = [hearTheCustomer, moduleFor("What to do when a customer asks you for help")];
  const signable = assignments.filter(
    (a) => careLineModules.includes(a.module) && a.person !== employee && a.person.active && !holds(a.person, a.module),
  );
  const signOff = signable.find((a) => a.assignedBy === manager) ?? signable[0];
  if (signOff) {
    allowed(
      completions.signOff({
        personId: signOff.person.id,
        moduleId: signOff.module.id,
        actor: { id: signOff.assignedBy.id, isAdmin: signOff.assignedBy.isAdmin, managesPerson: true },
        reason: MANUAL_SIGN_OFF_REASON,
        at: between(now - 6 * DAY, now - DAY),
      }),
      "the manager's sign-off",
    );
  }

  if (options.openAssignments !== undefined) adjustOpenAssignments(options.openAssignments);

  /**
   * Brings the open assignments to `target`: leaves out open ones at random (never the demo
   * employee's), or hands out modules nobody has held or been assigned, one more per shadow per
   * round, back office first.
   */
  function adjustOpenAssignments(target: number) {
    const isOpen = (a: Assignment) => !holds(a.person, a.module);
    const open = assignments.filter(isOpen).length;
    if (open > target) {
      const leftOut = new Set(
        random.shuffled(assignments.filter((a) => isOpen(a) && a.person !== employee)).slice(0, open - target),
      );
      if (open - leftOut.size > target) {
        throw new RangeError(`The demo employee's open assignments alone are more than ${target}.`);
      }
      let kept = 0;
      for (const assignment of assignments) if (!leftOut.has(assignment)) assignments[kept++] = assignment;
      assignments.length = kept;
      return;
    }
    let missing = target - open;
    const taken = new Set(assignments.map((a) => `${a.person.id}:${a.module.id}`));
    for (const side of ["back_office", "customer_facing"] as const) {
      if (missing === 0) break;
      let round = random
        .shuffled(people.filter((p) => p.active && p.manager && p !== employee && p.department.spec.kind === side))
        .map((person) => ({
          person,
          modules: shadowable(person).filter((m) => !taken.has(`${person.id}:${m.id}`) && !holds(person, m)),
        }))
        .filter((c) => c.modules.length > 0);
      while (missing > 0 && round.length > 0) {
        for (const choice of round) {
          if (missing === 0) break;
          const module = random.weighted(
            choice.modules,
            choice.modules.map((m) => m.spec.assignWeight),
          );
          choice.modules = choice.modules.filter((m) => m !== module);
          assign(choice.person, module, randomDueOffset());
          missing--;
        }
        round = round.filter((c) => c.modules.length > 0);
      }
    }
    if (missing > 0) {
      throw new RangeError(
        `Only ${target - missing} open assignments fit in a company of ${headcount}: everyone holds or is assigned every module they may shadow.`,
      );
    }
  }

  assignments.sort((a, b) => a.createdAt - b.createdAt || a.person.id - b.person.id || a.module.id - b.module.id);
  assignments.forEach((assignment, index) => {
    assignment.id = index + 1;
    assignment.completion = completions.heldAt(assignment.person.id, assignment.module.id, now);
  });

  // ---- Rows -------------------------------------------------------------------------------

  // Completions are numbered in the order they were made, as the database would have.
  const completionRecords = [...completions.records].sort(
    (a, b) => a.createdAt - b.createdAt || a.personId - b.personId || a.moduleId - b.moduleId || a.id - b.id,
  );
  completionRecords.forEach((completion, index) => (completion.id = index + 1));

  return {
    departments: departments.map((d): DepartmentRow => ({
      id: d.id,
      name: d.spec.name,
      kind: d.spec.kind,
      description: d.spec.description,
      createdAt: founded,
    })),
    people: people.map((p): PersonRow => ({
      id: p.id,
      email: p.email,
      name: p.name,
      title: p.title,
      departmentId: p.department.id,
      managerId: p.manager?.id ?? null,
      isHost: p.isHost,
      isManager: p.isManager,
      isAdmin: p.isAdmin,
      timeZone: p.timeZone,
      passwordHash: p.demo ? options.passwordHash : null,
      active: p.active,
      createdAt: founded,
    })),
    sessionKinds: kinds.map((k): SessionKindRow => ({
      id: k.id,
      name: k.spec.name,
      description: k.spec.description,
      defaultMinutes: k.spec.defaultMinutes,
      onSite: k.spec.onSite,
      active: true,
      createdAt: founded,
    })),
    serviceModules: modules.map((m): ServiceModuleRow => ({
      id: m.id,
      title: m.spec.title,
      summary: m.spec.summary,
      guide: m.spec.guide,
      ruleKindId: m.kind?.id ?? null,
      requiredCount: m.spec.requiredCount,
      requiredMinutes: m.spec.requiredMinutes,
      reflectionRequired: m.spec.reflectionRequired,
      validityDays: m.spec.validityDays,
      core: m.spec.core,
      active: true,
      createdAt: founded,
    })),
    sessionSeries: seriesList.map((s): SessionSeriesRow => ({
      id: s.id,
      kindId: s.kind.id,
      hostId: s.host.id,
      location: "",
      meetingUrl: s.meetingUrl,
      customerName: "",
      customerConfidential: false,
      seats: s.seats,
      departmentCap: s.departmentCap,
      notes: s.notes,
      rrule: formatRrule({ count: SERIES_LENGTH }),
      firstStartsAt: s.firstStartsAt,
      durationMinutes: s.kind.spec.defaultMinutes,
      timeZone: s.host.timeZone,
      createdAt: s.createdAt,
    })),
    sessions: sessions.map((s): SessionRow => ({
      id: s.id,
      seriesId: s.series?.id ?? null,
      kindId: s.kind.id,
      hostId: s.host.id,
      location: s.location,
      meetingUrl: s.meetingUrl,
      customerName: s.customerName,
      customerConfidential: s.customerConfidential,
      seats: s.seats,
      departmentCap: s.departmentCap,
      notes: s.notes,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      timeZone: s.host.timeZone,
      status: s.status,
      cancelledAt: s.cancelledAt,
      cancelReason: s.cancelReason,
      version: s.version,
      createdAt: s.createdAt,
      updatedAt: s.cancelledAt ?? s.createdAt,
    })),
    bookings: bookings.map(({ record: b }): BookingRow => ({
      id: b.id,
      sessionId: b.sessionId,
      personId: b.personId,
      status: b.status,
      bookedById: b.bookedById,
      source: b.source,
      waitlistPosition: b.waitlistPosition,
      reflection: b.reflection,
      reflectedAt: b.reflectedAt,
      hostNote: b.hostNote,
      cancelledAt: b.cancelledAt,
      cancelledById: b.cancelledById,
      version: b.version,
      createdAt: b.createdAt,
      updatedAt: b.updatedAt,
    })),
    completions: completionRecords.map((c): CompletionRow => ({ ...c })),
    assignments: assignments.map((a): AssignmentRow => ({
      id: a.id,
      personId: a.person.id,
      moduleId: a.module.id,
      dueOn: a.dueOn,
      dueAt: a.dueAt,
      assignedById: a.assignedBy.id,
      status: a.completion ? "completed" : "open",
      completionId: a.completion?.id ?? null,
      withdrawnAt: null,
      createdAt: a.createdAt,
      // Completed when the completion was made, or at once when the module was already held.
      updatedAt: a.completion ? Math.max(a.createdAt, a.completion.createdAt) : a.createdAt,
    })),
  };
}

/**
 * The plan asks only for what the rules allow, so a refusal means the plan and the rules have
 * drifted apart: stop rather than write a company the app could not have made.
 */
function allowed<R extends { ok: boolean }>(result: R, what: string): Extract<R, { ok: true }> {
  if (result.ok) return result as Extract<R, { ok: true }>;
  const reason = "reason" in result ? ` (${JSON.stringify(result.reason)})` : "";
  throw new Error(`The demo company's plan asked for what the rules refuse: ${what}${reason}.`);
}

/** Splits the headcount by department weight (largest remainder), keeping each department's minimum. */
function allocateHeadcount(total: number): number[] {
  const weightSum = DEMO_DEPARTMENTS.reduce((sum, d) => sum + d.weight, 0);
  const exact = DEMO_DEPARTMENTS.map((d) => (total * d.weight) / weightSum);
  const counts = exact.map(Math.floor);
  const byRemainder = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest || a.index - b.index);
  const left = total - counts.reduce((sum, c) => sum + c, 0);
  for (let i = 0; i < left; i++) counts[byRemainder[i].index]++;
  DEMO_DEPARTMENTS.forEach((d, index) => {
    while (counts[index] < d.minimum) {
      const largest = counts.indexOf(Math.max(...counts));
      counts[largest]--;
      counts[index]++;
    }
  });
  return counts;
}
