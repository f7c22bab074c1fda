import { Outlet } from "@remix-run/react";
import { AdminNav } from "~/components/admin-nav";
import { ErrorPage } from "~/components/error-page";

/**
 * Every admin page, with the admin areas above it. It loads nothing itself: each page's loader and
 * action asks for "admin:company" on its own, because loaders run side by side, not in turn.
 */
export default function AdminArea() {
  return (
    <>
      <AdminNav />
      <Outlet />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
