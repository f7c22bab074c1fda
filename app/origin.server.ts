/**
 * The app's public address ("https://frontline.example"), for links that leave the page: calendar
 * feed URLs and the links back to a session written into calendars.
 *
 * PUBLIC_URL wins when it is set. Otherwise the address is the one the person used: the request's
 * scheme and host, as a load balancer in front reports them in X-Forwarded-Proto and
 * X-Forwarded-Host (the same trust the sign-in cookie gives X-Forwarded-Proto).
 */
export function publicOrigin(request: Request, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.PUBLIC_URL?.trim();
  if (configured) {
    try {
      const url = new URL(configured);
      if (url.protocol === "https:" || url.protocol === "http:") return url.origin;
    } catch {
      // An unusable PUBLIC_URL falls back to the request's own address.
    }
  }
  const url = new URL(request.url);
  const proto = firstValue(request.headers.get("x-forwarded-proto"))?.toLowerCase();
  const scheme = proto === "https" || proto === "http" ? proto : url.protocol.replace(":", "");
  const forwardedHost = firstValue(request.headers.get("x-forwarded-host"));
  const host = forwardedHost && HOST_SHAPE.test(forwardedHost) ? forwardedHost.toLowerCase() : url.host;
  return `${scheme}://${host}`;
}

/** A host name or IPv4 address with an optional port, or a bracketed IPv6 address. */
const HOST_SHAPE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/** Proxies append to these headers; the first value is the client's side. */
function firstValue(header: string | null): string | undefined {
  const value = header?.split(",")[0]?.trim();
  return value || undefined;
}
