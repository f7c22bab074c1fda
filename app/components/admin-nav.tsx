import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";

const AREAS = [
  { to: "/admin", label: "Overview", end: true },
  { to: "/admin/people", label: "People", end: false },
  { to: "/admin/departments", label: "Departments", end: false },
  { to: "/admin/kinds", label: "Session kinds", end: false },
  { to: "/admin/modules", label: "Modules", end: false },
  { to: "/admin/outbox", label: "Outbox", end: false },
  { to: "/admin/audit", label: "Audit log", end: false },
] as const;

/** The admin areas, on every admin page, so each is one step from the others. */
export function AdminNav() {
  return (
    <nav className="admin-subnav" aria-label="Admin areas">
      <ul>
        {AREAS.map((area) => (
          <li key={area.to}>
            <NavLink to={area.to} end={area.end} prefetch="intent">
              {area.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The head of an admin page: where it sits (the admin area, or the list it belongs to), its title,
 * a line about it, and what can be done from it.
 */
export function AdminHeader({
  up,
  title,
  lead,
  children,
  actions,
}: {
  /** The list the page belongs to; the admin area when left out. */
  up?: { to: string; label: string };
  title: ReactNode;
  lead: ReactNode;
  /** Under the lead: the record's badges. */
  children?: ReactNode;
  /** Beside the title: links to what can be done from here. */
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <p className="eyebrow">{up ? <Link to={up.to}>{up.label}</Link> : "Admin"}</p>
        <h1>{title}</h1>
        <p className="lead">{lead}</p>
        {children}
      </div>
      {actions}
    </div>
  );
}
