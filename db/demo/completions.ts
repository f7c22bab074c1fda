/**
 * The demo company's completions, derived the way the app derives them. Each person's evidence
 * is replayed in the order it happened: after every attendance record and every reflection, as in
 * the app, `reconcileCompletion` decides each module the booking can count toward, and each module
 * whose completion rests on it. So completions appear, and renew, when they would have. A
 * manager's sign-off goes through `decideSignOff`.
 */
import {
  decideSignOff,
  expiryOf,
  isExpired,
  reconcileCompletion,
  REVOKE_REASON_TEXT,
  type CompletionRule,
  type DerivedCompletion,
  type EvidenceBooking,
  type RevokeReason,
  type SignOffRefusal,
} from "../../app/domain/completion";
import type { LedgerBooking, LedgerSession } from "./ledger";

export interface ModuleRule extends CompletionRule {
  id: number;
  active: boolean;
}

export interface CompletionRecord {
  /** The order it was made in; the company numbers its rows by `createdAt` before writing. */
  id: number;
  personId: number;
  moduleId: number;
  completedAt: number;
  expiresAt: number | null;
  source: "evidence" | "manual";
  /** Booking ids used, most recent first. */
  evidence: number[];
  manualReason: string;
  signedOffById: number | null;
  revokedAt: number | null;
  revokedReason: string;
  createdAt: number;
}

interface EvidenceEvent {
  at: number;
  booking: LedgerBooking;
  /** The attendance record, or the reflection written later. */
  reflection: boolean;
}

export class CompletionLedger {
  /** Every completion in the order it was made, revoked ones included. */
  readonly records: CompletionRecord[] = [];
  private readonly live = new Map<string, CompletionRecord>();

  constructor(private readonly modules: readonly ModuleRule[]) {}

  /** The person's completion of the module that is not revoked (it may have expired). */
  liveCompletion(personId: number, moduleId: number): CompletionRecord | null {
    return this.live.get(key(personId, moduleId)) ?? null;
  }

  /** The completion an assignment rests on at `now`: live and not expired. */
  heldAt(personId: number, moduleId: number, now: number): CompletionRecord | null {
    const completion = this.liveCompletion(personId, moduleId);
    return completion && !isExpired(completion, now) ? completion : null;
  }

  /**
   * Replays the attendance records and reflections of these bookings, each person's in time
   * order. Bookings must carry their final ids: a completion names its evidence by id.
   */
  replayEvidence(bookings: readonly LedgerBooking[], sessionOf: (sessionId: number) => LedgerSession): void {
    const eventsOf = new Map<number, EvidenceEvent[]>();
    for (const booking of bookings) {
      if (booking.attendanceAt === null) continue;
      const events = eventsOf.get(booking.personId) ?? [];
      events.push({ at: booking.attendanceAt, booking, reflection: false });
      if (booking.reflectedAt !== null) events.push({ at: booking.reflectedAt, booking, reflection: true });
      eventsOf.set(booking.personId, events);
    }
    for (const [personId, events] of [...eventsOf].sort(([a], [b]) => a - b)) {
      events.sort((a, b) => a.at - b.at || a.booking.id - b.booking.id || Number(a.reflection) - Number(b.reflection));
      // The person's attended bookings as the engine saw them at each moment.
      const attended = new Map<number, EvidenceBooking>();
      for (const { at, booking, reflection } of events) {
        const session = sessionOf(booking.sessionId);
        if (reflection) {
          const seen = attended.get(booking.id);
          if (seen) Object.assign(seen, { reflection: booking.reflection, reflectedAt: booking.reflectedAt });
        } else if (booking.status === "attended") {
          attended.set(booking.id, {
            bookingId: booking.id,
            kindId: session.kindId,
            status: "attended",
            startsAt: session.startsAt,
            endsAt: session.endsAt,
            reflection: "",
            reflectedAt: null,
          });
        }
        const evidence = [...attended.values()];
        for (const module of this.modules) {
          const couldCount = module.active && (module.ruleKindId === null || module.ruleKindId === session.kindId);
          const restsOn = this.liveCompletion(personId, module.id)?.evidence.includes(booking.id) ?? false;
          if (couldCount || restsOn) this.reconcile(personId, module, evidence, at);
        }
      }
    }
  }

  /** A manager's (or an admin's) sign-off by hand, with the reason on the record. */
  signOff(input: {
    personId: number;
    moduleId: number;
    actor: { id: number; isAdmin: boolean; managesPerson: boolean };
    reason: string;
    at: number;
  }): { ok: true; completion: CompletionRecord } | { ok: false; reason: SignOffRefusal } {
    const { personId, actor, at } = input;
    const module = this.module(input.moduleId);
    const live = this.liveCompletion(personId, module.id);
    const decision = decideSignOff({
      actor,
      personId,
      moduleActive: module.active,
      reason: input.reason,
      live,
      now: at,
    });
    if (!decision.ok) return decision;
    if (live) this.revoke(live, "expired", at);
    const completion = this.add({
      id: this.records.length + 1,
      personId,
      moduleId: module.id,
      completedAt: at,
      expiresAt: expiryOf(module, at),
      source: "manual",
      evidence: [],
      manualReason: decision.reason,
      signedOffById: actor.id,
      revokedAt: null,
      revokedReason: "",
      createdAt: at,
    });
    return { ok: true, completion };
  }

  private reconcile(personId: number, module: ModuleRule, evidence: readonly EvidenceBooking[], at: number) {
    const live = this.liveCompletion(personId, module.id);
    const change = reconcileCompletion(module, live, evidence, at);
    if (change.action === "keep") return;
    if (live && change.action !== "create") this.revoke(live, change.reason, at);
    if (change.action === "create" || change.action === "replace") {
      this.add(fromEvidence(this.records.length + 1, personId, module.id, change.completion, at));
    }
  }

  private add(record: CompletionRecord): CompletionRecord {
    this.records.push(record);
    this.live.set(key(record.personId, record.moduleId), record);
    return record;
  }

  private revoke(record: CompletionRecord, reason: RevokeReason, at: number) {
    record.revokedAt = at;
    record.revokedReason = REVOKE_REASON_TEXT[reason];
    this.live.delete(key(record.personId, record.moduleId));
  }

  private module(moduleId: number): ModuleRule {
    const module = this.modules.find((m) => m.id === moduleId);
    if (!module) throw new Error(`No module ${moduleId} in the demo company`);
    return module;
  }
}

function fromEvidence(
  id: number,
  personId: number,
  moduleId: number,
  derived: DerivedCompletion,
  at: number,
): CompletionRecord {
  return {
    id,
    personId,
    moduleId,
    completedAt: derived.completedAt,
    expiresAt: derived.expiresAt,
    source: "evidence",
    evidence: derived.evidence,
    manualReason: "",
    signedOffById: null,
    revokedAt: null,
    revokedReason: "",
    createdAt: at,
  };
}

const key = (personId: number, moduleId: number) => `${personId}:${moduleId}`;
