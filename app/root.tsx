import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getViewer, takeNotice } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { navigationFor } from "~/domain/access";
import styles from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Frontline" },
  { name: "description", content: "Shadow the people who serve our customers, and track your service training." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  const { notice, headers } = await takeNotice(request);
  return data(
    {
      viewer: viewer && {
        name: viewer.name,
        departmentName: viewer.departmentName,
        roles: viewer.roles,
      },
      navigation: viewer ? navigationFor(viewer) : [],
      notice,
    },
    { headers },
  );
}

/**
 * After any form, read the root again: a refused form (400) would otherwise leave the previous
 * success notice on screen beside the new error.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod && formMethod.toUpperCase() !== "GET" ? true : defaultShouldRevalidate;

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0f3d3e" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { viewer, navigation, notice } = useLoaderData<typeof loader>();
  return (
    <AppShell viewer={viewer} navigation={navigation} notice={notice}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const heading =
    status === 403
      ? "You don't have access to this page"
      : status === 404
        ? "We couldn't find that page"
        : "Something went wrong";
  const detail =
    status === 403
      ? "This page belongs to another role. If you think you should see it, ask an admin to give you that role."
      : status === 404
        ? "The link may be old, or the item was removed from view. Check the address, or start again from home."
        : "The problem has been logged. Try again in a moment; if it keeps happening, tell your admin what you were doing.";
  return (
    <AppShell viewer={data?.viewer ?? null} navigation={data?.navigation ?? []}>
      <section className="error-page" aria-labelledby="error-heading">
        <p className="eyebrow">Error {status}</p>
        <h1 id="error-heading">{heading}</h1>
        <p className="lead">{detail}</p>
        <p>
          <a className="button" href="/">
            Go to home
          </a>
        </p>
      </section>
    </AppShell>
  );
}
