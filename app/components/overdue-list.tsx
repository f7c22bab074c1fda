import { lateText } from "~/domain/team";
import { formatDueDay } from "~/domain/time";
import { ListLink } from "~/components/list-link";

/** An overdue module of a person in the team, as the team pages list it. */
export interface OverdueEntry {
  personId: number;
  personName: string;
  moduleId: number;
  moduleTitle: string;
  dueOn: string;
  daysLate: number;
}

/** The team's overdue modules, each with whose it is, how late and the day it was due. */
export function OverdueList({ items }: { items: readonly OverdueEntry[] }) {
  return (
    <ul className="list team-overdue-list">
      {items.map((item) => (
        <li key={`${item.personId}:${item.moduleId}`}>
          <div className="row">
            <ListLink to={`/team/${item.personId}`} className="item-title">
              {item.personName}
            </ListLink>
            <span className="badge badge-danger">{lateText(item.daysLate)}</span>
          </div>
          <div className="item-meta">
            {item.moduleTitle} · was due {formatDueDay(item.dueOn)}
          </div>
        </li>
      ))}
    </ul>
  );
}
