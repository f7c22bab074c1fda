/**
 * Properties of every plan, on random instances: no proposal breaks a rule, every person left
 * out is told a true reason, and the plan behaves sensibly when the input changes.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placementSentence, planPairings, unplacedSentence, type PlannerInput } from "~/domain/planner";
import { randomSource, tinyInstance } from "../bench/planner-instances";
import { evaluatePlan, literalOptions } from "../bench/planner-reference";

const instances = fc
  .record({
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    people: fc.integer({ min: 0, max: 30 }),
    sessions: fc.integer({ min: 0, max: 12 }),
    departments: fc.integer({ min: 1, max: 4 }),
    kinds: fc.integer({ min: 1, max: 3 }),
    hosts: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ seed, ...shape }) => tinyInstance(seed, shape));

const RUNS = { numRuns: 300 };

describe("every plan", () => {
  it("keeps every rule: eligibility, served assignment, seats, caps, one booking per person", () => {
    fc.assert(
      fc.property(instances, (input) => {
        const result = planPairings(input);
        const { violations, objective } = evaluatePlan(input, result.proposals);
        expect(violations).toEqual([]);
        expect(result.objective).toEqual(objective);
      }),
      RUNS,
    );
  });

  it("accounts for every person once, with a reason that is true", () => {
    fc.assert(
      fc.property(instances, (input) => {
        const result = planPairings(input);
        const options = literalOptions(input);
        const placed = new Set(result.proposals.map((p) => p.personId));
        expect([...placed, ...result.unplaced.map((u) => u.personId)].sort((a, b) => a - b)).toEqual(
          input.people.map((p) => p.id).sort((a, b) => a - b),
        );
        for (const u of result.unplaced) {
          const open = input.assignments.filter((a) => a.personId === u.personId);
          const needs = open.filter((a) => a.remaining > 0);
          const eligible = options.get(u.personId)!.length;
          if (needs.length === 0) {
            expect(u.reason.code).toBe(
              open.length === 0 ? "no_open_assignment" : open.length === 1 ? "enough_seats_booked" : "all_covered",
            );
          } else if (eligible > 0) {
            expect(u.reason).toMatchObject({ code: "seats_taken", eligibleSessions: eligible });
          } else {
            // Read literally: sessions of a needed kind, and those of them in time for a need.
            const person = input.people.find((p) => p.id === u.personId)!;
            const ofKind = input.sessions.filter((s) => needs.some((a) => a.kindId === null || a.kindId === s.kindId));
            const inTime = ofKind.filter(
              (s) =>
                s.startsAt >= input.now &&
                needs.some(
                  (a) =>
                    (a.kindId === null || a.kindId === s.kindId) &&
                    (a.dueAt > input.now ? s.endsAt <= a.dueAt : s.startsAt > input.now),
                ),
            );
            if (ofKind.length === 0) {
              expect(u.reason.code).toBe("no_session_of_kind");
            } else if (inTime.length === 0) {
              expect(u.reason.code).toBe("none_before_due");
            } else {
              expect(u.reason.code).toBe("sessions_unavailable");
              if (u.reason.code !== "sessions_unavailable") continue;
              const s = u.reason.sessions;
              expect(s.ofKind).toBe(ofKind.length);
              expect(s.full + s.departmentCap + s.ownDepartment + s.overlap).toBe(inTime.length);
              expect(s.overlap).toBe(
                inTime.filter(
                  (x) =>
                    x.seatsLeft > 0 &&
                    !(
                      x.departmentCap !== null && (x.bookedByDepartment[person.departmentId] ?? 0) >= x.departmentCap
                    ) &&
                    x.hostDepartmentId !== person.departmentId,
                ).length,
              );
            }
          }
          expect(unplacedSentence(u.reason, { timeZone: "Europe/Helsinki" }).length).toBeGreaterThan(10);
        }
        for (const p of result.proposals) {
          const sentence = placementSentence(p.reason, { timeZone: "America/New_York" });
          expect(sentence).toContain(p.reason.moduleTitle);
          expect(p.reason.overdue).toBe(p.dueAt <= input.now);
          expect(sentence).toContain(p.reason.overdue ? "overdue since" : "due ");
        }
        const pairs = [...options.values()].reduce((sum, list) => sum + list.length, 0);
        expect(result.diagnostics.eligiblePairs).toBe(pairs);
      }),
      RUNS,
    );
  });

  it("leaves someone out only when every session that fits them is full in the plan", () => {
    fc.assert(
      fc.property(instances, (input) => {
        const result = planPairings(input);
        const options = literalOptions(input);
        const department = new Map(input.people.map((p) => [p.id, p.departmentId]));
        const onSession = new Map<number, number>();
        const onSessionFrom = new Map<string, number>();
        for (const p of result.proposals) {
          onSession.set(p.sessionId, (onSession.get(p.sessionId) ?? 0) + 1);
          const key = `${p.sessionId}:${department.get(p.personId)}`;
          onSessionFrom.set(key, (onSessionFrom.get(key) ?? 0) + 1);
        }
        for (const u of result.unplaced.filter((x) => x.reason.code === "seats_taken")) {
          const d = department.get(u.personId)!;
          for (const { session } of options.get(u.personId)!) {
            const seatsFull = (onSession.get(session.id) ?? 0) >= session.seatsLeft;
            const capFull =
              session.departmentCap !== null &&
              (session.bookedByDepartment[d] ?? 0) + (onSessionFrom.get(`${session.id}:${d}`) ?? 0) >=
                session.departmentCap;
            expect(seatsFull || capFull).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it("does not depend on the order of the input", () => {
    fc.assert(
      fc.property(instances, fc.integer(), (input, seed) => {
        const rng = randomSource(seed);
        const shuffle = <T>(items: readonly T[]): T[] => {
          const copy = [...items];
          for (let i = copy.length - 1; i > 0; i--) {
            const j = rng.int(0, i);
            [copy[i], copy[j]] = [copy[j], copy[i]];
          }
          return copy;
        };
        const shuffled: PlannerInput = {
          now: input.now,
          people: shuffle(input.people),
          sessions: shuffle(input.sessions),
          assignments: shuffle(input.assignments),
        };
        expect(planPairings(shuffled).objective).toEqual(planPairings(input).objective);
      }),
      { numRuns: 150 },
    );
  });

  it("places at least as many people, and at most one more, when a session gains a seat", () => {
    fc.assert(
      fc.property(instances, fc.nat(), (input, pick) => {
        fc.pre(input.sessions.length > 0);
        const target = pick % input.sessions.length;
        const roomier: PlannerInput = {
          ...input,
          sessions: input.sessions.map((s, i) =>
            i === target ? { ...s, seatsLeft: Math.max(s.seatsLeft, 0) + 1 } : s,
          ),
        };
        const before = planPairings(input).objective.placed;
        const after = planPairings(roomier).objective.placed;
        expect(after).toBeGreaterThanOrEqual(before);
        expect(after).toBeLessThanOrEqual(before + 1);
      }),
      { numRuns: 150 },
    );
  });
});
