import { Link } from "@remix-run/react";

/** "Showing 51–100 of 10,000" with previous and next links that keep the other filters. */
export function Pager({
  page,
  pages,
  total,
  perPage,
  hrefFor,
  noun,
  label = "Pages",
}: {
  page: number;
  pages: number;
  total: number;
  perPage: number;
  hrefFor: (page: number) => string;
  noun: string;
  /** The navigation's name, when a page has more than one list in pages. */
  label?: string;
}) {
  if (total === 0) return null;
  const first = (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  return (
    <nav className="list-pager" aria-label={label}>
      <p className="list-pager-status">
        Showing {first.toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")} {noun}
        {pages > 1 ? ` · page ${page} of ${pages.toLocaleString("en")}` : ""}
      </p>
      {pages > 1 ? (
        <div className="row">
          {page > 1 ? (
            <Link className="button button-secondary button-small" to={hrefFor(page - 1)} rel="prev">
              ← Previous
            </Link>
          ) : null}
          {page < pages ? (
            <Link className="button button-secondary button-small" to={hrefFor(page + 1)} rel="next">
              Next →
            </Link>
          ) : null}
        </div>
      ) : null}
    </nav>
  );
}
