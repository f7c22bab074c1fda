import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  type ShouldRevalidateFunction,
  useLoaderData,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getViewer, takeNotice } from "~/auth.server";
import { AppShell } from "~/components/app-shell";
import { ErrorPage } from "~/components/error-page";
import { useNonce } from "~/components/request-info";
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

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await getViewer({ request, context });
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
  // The page's own inline scripts carry this response's nonce; the policy refuses any other.
  const nonce = useNonce();
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
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
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
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <AppShell viewer={data?.viewer ?? null} navigation={data?.navigation ?? []}>
      <ErrorPage />
    </AppShell>
  );
}
