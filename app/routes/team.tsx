import { Outlet } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";

/**
 * The team pages' frame. It loads nothing, so each page below checks its own permission; a
 * refusal or a missing person shows here with the words the page refused with.
 */
export default function TeamArea() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
