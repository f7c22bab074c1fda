const DAY = 86_400_000;

/** Status in colour and in words: colour is never the only signal. */
export function AssignmentBadge({ status, dueAt, now }: { status: string; dueAt: number; now: number }) {
  if (status === "completed") return <span className="badge badge-ok">Done</span>;
  if (dueAt <= now) return <span className="badge badge-danger">Overdue</span>;
  if (dueAt - now <= 14 * DAY) return <span className="badge badge-warn">Due soon</span>;
  return <span className="badge badge-info">Open</span>;
}
