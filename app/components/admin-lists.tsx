/** The admin's long lists: the buttons of their filters, and what a list with nothing in it says. */
import { Link } from "@remix-run/react";

/** The filter form's buttons: apply, and (once anything is filtered) clear back to the whole list. */
export function FilterButtons({ label, clearTo, filtered }: { label: string; clearTo: string; filtered: boolean }) {
  return (
    <div className="admin-filters-actions">
      <button type="submit" className="button">
        {label}
      </button>
      {filtered ? (
        <Link to={clearTo} className="button button-secondary">
          Clear
        </Link>
      ) : null}
    </div>
  );
}

/** An empty list: nothing matches the filters, or there is nothing yet, each with what to do next. */
export function EmptyList({
  filtered,
  noMatch,
  nothingYet,
}: {
  filtered: boolean;
  noMatch: { title: string; text: string };
  nothingYet: { title: string; text: string };
}) {
  const { title, text } = filtered ? noMatch : nothingYet;
  return (
    <div className="empty">
      <strong>{title}</strong>
      <p>{text}</p>
    </div>
  );
}
