import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import "~/context";
import { TestClock, TEST_NOW } from "./clock";
import { freshDatabase, type Template } from "./db";

let handler: ReturnType<typeof createRequestHandler> | undefined;

/** The request handler of the production build, loaded once per test file. */
export async function productionHandler() {
  if (!handler) {
    process.env.SESSION_SECRET = "test-secret-for-signed-cookies";
    const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
    handler = createRequestHandler(build, "production");
  }
  return handler;
}

/**
 * The real Remix request handler of the production build, on a database of this test's own and
 * a clock the test sets. Requests go through every loader, action, cookie and redirect as in
 * production.
 */
export async function testApp(options: { template?: Template; now?: number } = {}) {
  const database = await freshDatabase(options.template ?? "empty");
  const clock = new TestClock(options.now ?? TEST_NOW);
  const handle = await productionHandler();
  const serve: Handler = (request) =>
    handle(request, {
      db: database.db,
      now: clock.now(),
      requestId: randomUUID(),
      nonce: "",
      // As a trusted proxy in front would report it; a test names another client with the header.
      clientAddress: request.headers.get("x-forwarded-for") ?? "127.0.0.1",
    });
  return { ...database, clock, handle: serve, client: new TestClient(serve) };
}

type Handler = (request: Request) => Promise<Response>;

/** A tiny browser-like client: keeps cookies, posts forms, does not follow redirects. */
export class TestClient {
  private cookies = new Map<string, string>();
  constructor(
    private readonly handle: Handler,
    readonly origin = "http://localhost:3000",
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  setCookieHeader(value: string) {
    this.cookies.clear();
    for (const part of value.split(/;\s*/).filter(Boolean)) {
      const at = part.indexOf("=");
      this.cookies.set(part.slice(0, at), part.slice(at + 1));
    }
  }

  async request(pathname: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("Cookie", this.cookieHeader);
    if (!headers.has("Host")) headers.set("Host", new URL(this.origin).host);
    const response = await this.handle(new Request(new URL(pathname, this.origin), { ...init, headers }));
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = setCookie.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /expires=thu, 01 jan 1970/i.test(a.trim()) || /max-age=0/i.test(a.trim()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(pathname: string, headers?: HeadersInit) {
    return this.request(pathname, { headers });
  }

  /** Posts a form as a browser without JavaScript would. */
  post(pathname: string, fields: Record<string, string | number> | [string, string | number][]) {
    const entries = Array.isArray(fields) ? fields : Object.entries(fields);
    const body = new URLSearchParams(entries.map(([k, v]) => [k, String(v)]));
    return this.request(pathname, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.origin },
    });
  }

  async signIn(email: string, password: string) {
    const response = await this.post("/login", { email, password, redirectTo: "/" });
    if (response.status !== 302) throw new Error(`Sign-in as ${email} failed with ${response.status}`);
    return response;
  }

  /** A second person's client on the same app (its own cookies). */
  another() {
    return new TestClient(this.handle, this.origin);
  }
}

export { TEST_NOW };
