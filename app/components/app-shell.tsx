import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { NavItem, Role } from "~/domain/access";
import { useListLinks } from "~/components/list-link";
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
  const { pathname } = useLocation();
  useListLinks();
  const here = currentPlace(navigation, pathname);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label="Frontline home">
            <BrandMark />
            <span className={viewer ? "brand-word brand-word-wide" : "brand-word"}>Frontline</span>
          </Link>
          {viewer ? (
            <p className="topbar-here" aria-hidden="true">
              {here ?? "Frontline"}
            </p>
          ) : null}
          {viewer ? (
            <div className="topbar-account">
              <Who viewer={viewer} />
              <Link to="/notifications" className="button button-quiet button-small topbar-link">
                Notifications
              </Link>
              <SignOut />
            </div>
          ) : null}
          {viewer ? <PhoneMenu viewer={viewer} navigation={navigation} here={here} /> : null}
        </div>
        {navigation.length > 0 ? (
          <nav className="mainnav" aria-label="Main">
            <MainLinks navigation={navigation} />
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

/** The name of the place the person is on: the menu item it belongs to, or Notifications. */
function currentPlace(navigation: NavItem[], pathname: string): string | null {
  const item = navigation
    .filter((i) => (i.to === "/" ? pathname === "/" : pathname === i.to || pathname.startsWith(`${i.to}/`)))
    .sort((a, b) => b.to.length - a.to.length)[0];
  if (item) return item.label;
  if (pathname === "/notifications") return "Notifications";
  return null;
}

function MainLinks({ navigation }: { navigation: NavItem[] }) {
  return (
    <ul>
      {navigation.map((item) => (
        <li key={item.to}>
          <NavLink to={item.to} end={item.to === "/"} prefetch="intent">
            {item.label}
          </NavLink>
        </li>
      ))}
    </ul>
  );
}

function Who({ viewer }: { viewer: ShellViewer }) {
  return (
    <div className="who">
      <span className="who-name">{viewer.name}</span>
      <span className="who-meta">
        {viewer.departmentName} · {viewer.roles.map((r) => ROLE_LABELS[r]).join(", ")}
      </span>
    </div>
  );
}

function SignOut() {
  return (
    <Form method="post" action="/logout" className="signout">
      <button type="submit" className="button button-quiet button-small">
        Sign out
      </button>
    </Form>
  );
}

/**
 * On a phone the menu folds behind one button. It is a disclosure the browser opens by itself, so
 * it works before (and without) the page's script; the script adds the expanded state for screen
 * readers, closes it after a move to another page, on Escape and on a tap outside it.
 */
function PhoneMenu({ viewer, navigation, here }: { viewer: ShellViewer; navigation: NavItem[]; here: string | null }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  const { key } = useLocation();

  useEffect(() => {
    menu.current?.querySelector("summary")?.setAttribute("aria-expanded", String(open));
  }, [open]);

  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [key]);

  useEffect(() => {
    if (!open) return;
    const details = menu.current;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details) return;
      details.open = false;
      details.querySelector("summary")?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (details && !details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <details className="phone-menu" ref={menu} onToggle={(event) => setOpen(event.currentTarget.open)}>
      {/* A summary is a button to every reader; saying so lets tools that look for one by its role find it. */}
      <summary className="phone-menu-button" role="button">
        <MenuIcon />
        <span>Menu</span>
        {here ? <span className="visually-hidden">, {here}</span> : null}
      </summary>
      <div className="phone-menu-panel">
        <nav className="phone-menu-nav" aria-label="Main">
          <MainLinks navigation={navigation} />
        </nav>
        <div className="phone-menu-account">
          <Who viewer={viewer} />
          <div className="phone-menu-actions">
            <Link to="/notifications" className="button button-secondary button-small">
              Notifications
            </Link>
            <Form method="post" action="/logout" className="signout">
              <button type="submit" className="button button-secondary button-small">
                Sign out
              </button>
            </Form>
          </div>
        </div>
      </div>
    </details>
  );
}

function MenuIcon() {
  return (
    <svg className="phone-menu-icon" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
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
