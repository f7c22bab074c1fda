import { useNavigate } from "@remix-run/react";
import { useEffect, type ComponentProps } from "react";

/**
 * A link in a long list (a week of sessions, a page of people or messages), drawn as a plain
 * anchor.
 *
 * Remix's `<Link>` resolves its path and reads the router's state each time it renders: across a
 * list of eighty links that is much of the work of drawing the page on the server. A list link is
 * an anchor and nothing more; `useListLinks`, once for the whole document, follows a click on one
 * through the router as `<Link>` would (no reload, the page's pending state, scroll restored).
 * Without JavaScript it is the same ordinary link.
 */
export function ListLink({ to, children, ...rest }: Omit<ComponentProps<"a">, "href"> & { to: string }) {
  return (
    <a href={to} data-list-link="" {...rest}>
      {children}
    </a>
  );
}

/** Follows clicks on list links inside the app through the router; a new tab or window is left alone. */
export function useListLinks() {
  const navigate = useNavigate();
  useEffect(() => {
    const follow = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = event.target instanceof Element ? event.target.closest("a[data-list-link]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || (anchor.target && anchor.target !== "_self")) return;
      const url = new URL(anchor.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(url.pathname + url.search + url.hash);
    };
    document.addEventListener("click", follow);
    return () => document.removeEventListener("click", follow);
  }, [navigate]);
}
