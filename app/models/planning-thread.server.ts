/**
 * Planning in a thread of its own. The thread opens the same database, reads the planner's input
 * for the scope at the given instant, plans, and hands back what the stored plan keeps. The
 * server's thread answers other requests meanwhile, however long a company-wide plan takes, and
 * the memory the plan took is given back when the thread ends.
 *
 * `makePlan` (plans.server.ts) starts it; this file is its entry point.
 */
import { parentPort, workerData } from "node:worker_threads";
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

if (parentPort && workerData?.planningJob) {
  const port = parentPort;
  planFor(workerData.planningJob as PlanningJob).then(
    (answer) => port.postMessage({ answer }),
    (error: unknown) =>
      port.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
