/**
 * Planning in a process of its own. The process opens the same database, reads the planner's
 * input for the scope at the given instant, plans, hands back what the stored plan keeps, and
 * ends. The server answers other requests meanwhile, however long a company-wide plan takes, and
 * every byte the plan took goes back to the system when the process ends (a thread's memory
 * would stay with the server's process, held by its allocator).
 *
 * `makePlan` (plans.server.ts) starts it with the job as its first message; this file is its
 * entry point.
 */
import { openDatabase } from "~/db.server";
import { planPairings, planSummary } from "~/domain/planner";
import { loadPlannerInput, type PlannerScope } from "~/models/planner.server";

export interface PlanningJob {
  location: { url: string; authToken?: string };
  scope: PlannerScope;
  now: number;
  horizonDays: number;
}

export type PlanningAnswer = Awaited<ReturnType<typeof planFor>>;

/** The plan for a job, on the database it names: what the stored plan keeps of it. */
export async function planFor(job: PlanningJob) {
  const db = openDatabase(job.location.url, job.location.authToken);
  try {
    const input = await loadPlannerInput(db, job.scope, { now: job.now, horizonDays: job.horizonDays });
    const result = planPairings(input);
    const startOf = new Map(input.sessions.map((s) => [s.id, s.startsAt]));
    return {
      peopleWithNeeds: input.people.length,
      sessionsOffered: input.sessions.length,
      summary: { ...planSummary(result), sessions: new Set(result.proposals.map((p) => p.sessionId)).size },
      proposals: result.proposals.map((p) => ({
        personId: p.personId,
        sessionId: p.sessionId,
        startsAt: startOf.get(p.sessionId) ?? p.startsAt,
        reason: p.reason,
      })),
      unplaced: result.unplaced,
    };
  } finally {
    db.$client.close();
  }
}

if (process.send && process.env.FRONTLINE_PLANNING_PROCESS === "1") {
  const send = process.send.bind(process);
  process.once("message", (job: PlanningJob) => {
    planFor(job).then(
      (answer) => send({ answer }, () => process.exit(0)),
      (error: unknown) =>
        send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1)),
    );
  });
}
