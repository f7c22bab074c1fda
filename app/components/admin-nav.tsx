import { NavLink } from "@remix-run/react";

const AREAS = [
  { to: "/admin", label: "Overview", end: true },
  { to: "/admin/people", label: "People", end: false },
  { to: "/admin/departments", label: "Departments", end: false },
  { to: "/admin/kinds", label: "Session kinds", end: false },
  { to: "/admin/modules", label: "Modules", end: false },
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
