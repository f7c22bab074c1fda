import { Form, Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import type { NavItem, Role } from "~/domain/access";
import { ROLE_LABELS } from "~/domain/access";

interface ShellViewer {
  name: string;
  departmentName: string;
  roles: Role[];
}

export function AppShell({
  viewer,
  navigation,
  notice,
  children,
}: {
  viewer: ShellViewer | null;
  navigation: NavItem[];
  notice?: { tone: "ok" | "info" | "warn" | "error"; message: string } | null;
  children: ReactNode;
}) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label="Frontline home">
            <BrandMark />
            <span>Frontline</span>
          </Link>
          {viewer ? (
            <div className="who">
              <span className="who-name">{viewer.name}</span>
              <span className="who-meta">
                {viewer.departmentName} · {viewer.roles.map((r) => ROLE_LABELS[r]).join(", ")}
              </span>
            </div>
          ) : null}
          {viewer ? (
            <Link to="/notifications" className="button button-quiet button-small topbar-link">
              Notifications
            </Link>
          ) : null}
          {viewer ? (
            <Form method="post" action="/logout" className="signout">
              <button type="submit" className="button button-quiet button-small">
                Sign out
              </button>
            </Form>
          ) : null}
        </div>
        {navigation.length > 0 ? (
          <nav className="mainnav" aria-label="Main">
            <ul>
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {notice ? (
          <div className={`notice notice-${notice.tone}`} role="status">
            <p>{notice.message}</p>
          </div>
        ) : null}
        {children}
      </main>
      <footer className="footer">
        <p>Frontline — every one of us knows how we serve our customers.</p>
      </footer>
    </>
  );
}

export function BrandMark() {
  return (
    <svg className="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <path d="M9 23V9h13v3.2h-9.2v2.6h8v3.1h-8V23z" fill="#fff" />
      <circle cx="23" cy="21.5" r="2.5" fill="#f5b041" />
    </svg>
  );
}
