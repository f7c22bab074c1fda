import { Outlet } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";

/** The hosting pages. Each page checks who may see it itself; a refusal shows here in its own words. */
export default function Hosting() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
