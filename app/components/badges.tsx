import { STANDING_LABELS, type ModuleStanding } from "~/domain/completion";

const STANDING_TONES: Record<ModuleStanding, string> = {
  done: "badge-ok",
  expires_soon: "badge-warn",
  expired: "badge-danger",
  due: "badge-info",
  overdue: "badge-danger",
};

/** Where a person stands on a module, in colour and in words: colour is never the only signal. */
export function StandingBadge({ standing }: { standing: ModuleStanding }) {
  return <span className={`badge ${STANDING_TONES[standing]}`}>{STANDING_LABELS[standing]}</span>;
}
