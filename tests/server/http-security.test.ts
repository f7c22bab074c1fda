/**
 * The HTTP layer in front of every response, through the real server (app/server/app.ts) on a
 * loopback port with the demo company: the security headers on every kind of answer, caching of
 * signed-in pages, body limits, malformed and cross-site writes, and the request log.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { unsubscribeToken } from "~/mail/unsubscribe.server";
import { issueFeed } from "~/models/calendar/tokens.server";
import { mailChoicesOf } from "~/models/mail/preferences.server";
import { serverConfig } from "~/server/config";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { startServer } from "../support/browser";
import { TestClock, TEST_NOW } from "../support/clock";
import { freshDatabase } from "../support/db";
import { visibleText } from "../support/html";

const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const MB = 1024 * 1024;
const FORM = "application/x-www-form-urlencoded";

const logged = { requests: [] as string[], errors: [] as string[] };
const app = {} as { origin: string; stop: () => Promise<void>; db: Db; clock: TestClock };

beforeAll(async () => {
  const server = await startServer(() => ({ db: app.db, now: app.clock.now() }), {
    log: { request: (line) => logged.requests.push(line), error: (text) => logged.errors.push(text) },
  });
  Object.assign(app, server);
});
afterAll(() => app.stop());
beforeEach(async () => {
  const { db } = await freshDatabase("demo");
  Object.assign(app, { db, clock: new TestClock(TEST_NOW) });
  logged.requests.length = 0;
  logged.errors.length = 0;
});

function get(path: string, headers: Record<string, string> = {}) {
  return fetch(`${app.origin}${path}`, { headers, redirect: "manual" });
}

function post(path: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(`${app.origin}${path}`, { method: "POST", body, headers, redirect: "manual" });
}

/** The cookie a person's browser holds once they have signed in through the form. */
async function signIn(email: string): Promise<string> {
  const response = await post("/login", new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "/" }), {
    "Content-Type": FORM,
    Origin: app.origin,
  });
  expect(response.status).toBe(302);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

async function personId(email: string) {
  const [person] = await app.db
    .select({ id: schema.people.id })
    .from(schema.people)
    .where(eq(schema.people.email, email));
  return person.id;
}

/** The nonce the response's policy allows scripts with. */
function policyNonce(response: Response): string {
  const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
  expect(nonce, "a nonce in the policy").toBeTruthy();
  return nonce!;
}

/** Every header a security review looks for, on any answer. */
function expectHardened(response: Response, what: string) {
  const policy = response.headers.get("content-security-policy") ?? "";
  const directives = new Map(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
  expect(directives.get("script-src"), `${what}: scripts`).toEqual(["'self'", expect.stringMatching(/^'nonce-.+'$/)]);
  expect(directives.get("script-src-attr"), what).toEqual(["'none'"]);
  expect(policy, `${what}: no inline scripts without the nonce`).not.toContain("'unsafe-inline' 'nonce");
  expect(directives.get("style-src"), what).toEqual(["'self'"]);
  expect(directives.get("frame-ancestors"), what).toEqual(["'none'"]);
  expect(directives.get("object-src"), what).toEqual(["'none'"]);
  expect(directives.get("base-uri"), what).toEqual(["'self'"]);
  expect(directives.get("form-action"), what).toEqual(["'self'"]);
  expect(directives.get("default-src"), what).toEqual(["'self'"]);
  expect(response.headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(response.headers.get("x-frame-options"), what).toBe("DENY");
  expect(response.headers.get("referrer-policy"), what).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
  expect(response.headers.get("x-powered-by"), what).toBeNull();
  expect(response.headers.get("strict-transport-security"), `${what} over plain http`).toBeNull();
  expect(response.headers.get("x-request-id"), what).toMatch(/^[0-9a-f-]{36}$/);
}

describe("the headers on every answer", () => {
  it("carries the policy, nosniff, a referrer policy and no X-Powered-By on pages, data, files and errors", async () => {
    const cookie = await signIn(employee.email);
    const me = await personId(employee.email);
    const feed = await issueFeed(app.db, { personId: me, scope: "bookings", actorId: me, now: app.clock.now() });
    if (!feed.ok) throw new Error(feed.reason);
    const [booking] = await app.db
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .where(eq(schema.bookings.personId, me))
      .limit(1);

    const answers: [string, Response, number][] = [
      ["the sign-in page", await get("/login"), 200],
      ["a signed-in page", await get("/", { Cookie: cookie }), 200],
      ["page data (.data)", await get("/_root.data", { Cookie: cookie }), 200],
      ["a calendar feed", await get(`/calendar/${feed.token}.ics`), 200],
      ["an invite", await get(`/bookings/${booking.id}/invite.ics`, { Cookie: cookie }), 200],
      ["a static file", await get("/favicon.svg"), 200],
      ["a page that isn't there", await get("/no-such-page", { Accept: "text/html" }), 404],
      ["a feed that isn't there", await get("/calendar/not-a-token.ics"), 404],
      ["the sign-in redirect", await get("/", { Accept: "text/html" }), 302],
      ["a HEAD request", await fetch(`${app.origin}/login`, { method: "HEAD" }), 200],
    ];
    for (const [what, response, status] of answers) {
      expect(response.status, what).toBe(status);
      expectHardened(response, what);
    }
  });

  it("answers a server error as a page with its reference, logged with the stack under the same id", async () => {
    const cookie = await signIn(employee.email);
    // A database that lost a table: the Calendar feeds page can no longer read it.
    await app.db.$client.execute("DROP TABLE calendar_feeds");

    const page = await get("/calendar", { Cookie: cookie, Accept: "text/html" });
    expect(page.status).toBe(500);
    expectHardened(page, "a server error page");
    const requestId = page.headers.get("x-request-id")!;
    const text = visibleText(await page.text());
    expect(text).toContain("Something went wrong");
    expect(text).toContain(`Reference: ${requestId}`);
    expect(text).not.toContain("calendar_feeds");
    const logEntry = logged.errors.find((entry) => entry.includes(requestId));
    expect(logEntry, "the error is logged under the page's reference").toBeDefined();
    expect(logEntry).toContain("calendar_feeds");
    expect(logEntry).toMatch(/\n\s+at /);

    // The page's script asks for the same data: the reference travels with the error.
    const data = await get("/calendar.data", { Cookie: cookie });
    expect(data.status).toBe(500);
    expectHardened(data, "a server error in page data");
    expect(await data.text()).toContain(data.headers.get("x-request-id")!);

    // A calendar client gets plain words, with the same headers.
    const feed = await get(`/calendar/${"t".repeat(43)}.ics`);
    expect(feed.status).toBe(500);
    expectHardened(feed, "a feed that fails");
  });

  it("shows the reference on a page that isn't there", async () => {
    const response = await get("/no-such-page", { Accept: "text/html" });
    const text = visibleText(await response.text());
    expect(text).toContain("We couldn't find that page");
    expect(text).toContain(`Reference: ${response.headers.get("x-request-id")}`);
  });

  it("gives each page a fresh nonce, and every inline script on the page carries it", async () => {
    const cookie = await signIn(employee.email);
    const first = await get("/", { Cookie: cookie });
    const second = await get("/", { Cookie: cookie });
    const nonce = policyNonce(first);
    expect(policyNonce(second)).not.toBe(nonce);
    const html = await first.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(1);
    for (const attributes of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/<style\b/i);
  });

  it("keeps a page's own no-referrer, and says strict-origin-when-cross-origin elsewhere", async () => {
    const token = unsubscribeToken(await personId(employee.email), "reminders");
    const unsubscribe = await get(`/mail/unsubscribe/${token}`);
    expect(unsubscribe.status).toBe(200);
    expect(unsubscribe.headers.get("referrer-policy")).toBe("no-referrer");
    expect((await get("/login")).headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it("asks for HTTPS (HSTS) only when the request came over HTTPS", async () => {
    expect((await get("/login")).headers.get("strict-transport-security")).toBeNull();
    expect((await get("/login", { "X-Forwarded-Proto": "http" })).headers.get("strict-transport-security")).toBeNull();
    const secure = await get("/login", { "X-Forwarded-Proto": "https" });
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    const asset = await get("/favicon.svg", { "X-Forwarded-Proto": "https" });
    expect(asset.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("keeps signed-in pages and data out of every cache, and leaves files and feeds their own caching", async () => {
    const cookie = await signIn(employee.email);
    const me = await personId(employee.email);
    const feed = await issueFeed(app.db, { personId: me, scope: "bookings", actorId: me, now: app.clock.now() });
    if (!feed.ok) throw new Error(feed.reason);
    expect((await get("/", { Cookie: cookie })).headers.get("cache-control")).toBe("private, no-store");
    expect((await get("/sessions.data", { Cookie: cookie })).headers.get("cache-control")).toBe("private, no-store");
    expect((await get("/no-such-page", { Cookie: cookie })).headers.get("cache-control")).toBe("private, no-store");
    expect((await get("/favicon.svg", { Cookie: cookie })).headers.get("cache-control")).toBe("public, max-age=3600");
    const feedAnswer = await get(`/calendar/${feed.token}.ics`);
    expect(feedAnswer.headers.get("cache-control")).toBe("private, max-age=0, must-revalidate");
    expect(feedAnswer.headers.get("etag")).toBeTruthy();
  });

  it("listens on every interface unless HOST names one, so localhost answers over IPv4 and IPv6", async () => {
    const { host } = serverConfig({ PORT: "0" });
    expect(host).toBeUndefined();
    const server = http.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen({ port: 0, host }, resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("ok");
      expect(await (await fetch(`http://[::1]:${port}/`)).text()).toBe("ok");
    } finally {
      server.close();
    }
  });
});

/** A request written by hand, as a client that keeps sending after the answer would. */
function rawPost(
  path: string,
  headers: Record<string, string | number>,
): {
  request: http.ClientRequest;
  answer: Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; after: number }>;
  closed: Promise<void>;
} {
  const { host, port } = new URL(app.origin);
  const started = performance.now();
  // The server listens on 127.0.0.1; the request names the address the pages are served from.
  const request = http.request({ host: "127.0.0.1", port, path, method: "POST", headers: { Host: host, ...headers } });
  // Writing into a connection the server has closed fails; the answer is what counts.
  request.on("error", () => {});
  const answer = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; after: number }>(
    (resolve) => {
      request.on("response", (response) => {
        const after = performance.now() - started;
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body, after }));
        response.on("error", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, after }),
        );
      });
    },
  );
  const closed = new Promise<void>((resolve) =>
    request.on("socket", (socket) => socket.once("close", () => resolve())),
  );
  return { request, answer, closed };
}

/** Writes `bytes` in 64 KB chunks, waiting when the connection is full, until told to stop. */
async function writeBytes(request: http.ClientRequest, bytes: number, stop: () => boolean = () => false) {
  const chunk = Buffer.alloc(64 * 1024, "a");
  for (let sent = 0; sent < bytes && !stop() && !request.destroyed; sent += chunk.length) {
    if (!request.write(chunk)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          request.off("drain", go);
          request.off("close", go);
          resolve();
        };
        request.on("drain", go);
        request.on("close", go);
      });
    }
  }
}

describe("requests the server answers itself", () => {
  it("answers a request that names no proper host 400 in words, with the headers", async () => {
    const { port } = new URL(app.origin);
    const answer = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve) => {
      http
        .get({ host: "127.0.0.1", port, path: "/login", headers: { Host: "not a host" } }, (response) => {
          let body = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => (body += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        })
        .on("error", () => resolve({ status: 0, headers: {}, body: "" }));
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toContain("That request didn't make sense to us");
    expect(answer.body).toContain(`Reference: ${answer.headers["x-request-id"]}`);
    expect(answer.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(logged.errors).toEqual([]);
  });
});

describe("body limits", () => {
  it("answers a 20 MB chunked upload to the import 413 after its first 5 MB, serving others meanwhile", async () => {
    const cookie = await signIn(admin.email);
    const upload = rawPost("/admin/people/import", {
      Cookie: cookie,
      Origin: app.origin,
      Accept: "text/html",
      "Content-Type": "multipart/form-data; boundary=frontline",
      "Transfer-Encoding": "chunked",
    });
    upload.request.write('--frontline\r\nContent-Disposition: form-data; name="file"; filename="staff.csv"\r\n\r\n');
    let answered = false;
    void upload.answer.then(() => (answered = true));

    // Halfway through the limit, the server answers someone else at once.
    await writeBytes(upload.request, 3 * MB);
    const started = performance.now();
    const other = await get("/login");
    expect(other.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2_000);

    // Past the limit the answer comes while the client is still sending, before the body ends.
    const crossing = performance.now();
    await writeBytes(upload.request, 17 * MB, () => answered);
    const { status, headers, body } = await upload.answer;
    expect(performance.now() - crossing).toBeLessThan(3_000);
    expect(status).toBe(413);
    expect(headers.connection).toBe("close");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    const text = visibleText(body);
    expect(text).toContain("That file is larger than 5 MB. Split it into parts and import each.");
    expect(text).toContain(`Reference: ${headers["x-request-id"]}`);
    // The server hangs up rather than read the remaining megabytes.
    await upload.closed;
    expect((await get("/login")).status).toBe(200);
  });

  it("refuses a body whose declared length is over the limit without reading it", async () => {
    const upload = rawPost("/admin/people/import", {
      "Content-Type": "multipart/form-data; boundary=frontline",
      "Content-Length": 20 * MB,
    });
    upload.request.write("--frontline\r\n");
    const { status, body, after } = await upload.answer;
    expect(status).toBe(413);
    expect(after).toBeLessThan(2_000);
    expect(body).toContain("That file is larger than 5 MB.");
    upload.request.destroy();
  });

  it("answers a 2 MB form posted anywhere else 413, as a page for a browser and as text for other clients", async () => {
    const big = `email=${"a".repeat(2 * MB)}&password=x`;
    const browser = rawPost("/login", { "Content-Type": FORM, "Content-Length": big.length, Accept: "text/html" });
    browser.request.end(big);
    const page = await browser.answer;
    expect(page.status).toBe(413);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(visibleText(page.body)).toContain("That was more than 1 MB to send at once, so nothing was saved.");

    const client = rawPost("/forgot-password", { "Content-Type": FORM, "Content-Length": big.length });
    client.request.end(big);
    const plain = await client.answer;
    expect(plain.status).toBe(413);
    expect(plain.headers["content-type"]).toContain("text/plain");
    expect(plain.body).toContain("That was more than 1 MB to send at once");
    expect(plain.body).toContain(`Reference: ${plain.headers["x-request-id"]}`);
  });

  it("takes a form just under the limit to its route", async () => {
    const response = await post("/login", `email=${"a".repeat(MB - 100)}&password=x`, {
      "Content-Type": FORM,
      Origin: app.origin,
    });
    // The route's own refusal: the form is read and answered in words beside the field.
    expect(response.status).toBe(400);
  });
});

describe("malformed bodies", () => {
  it("answers an empty body, JSON and broken multipart 400 with a clear page, and nothing is done", async () => {
    const cookie = await signIn(employee.email);
    const cases: [string, BodyInit | null, Record<string, string>][] = [
      ["an empty body with no type", null, {}],
      [
        "JSON",
        JSON.stringify({ email: employee.email, password: DEMO_PASSWORD }),
        { "Content-Type": "application/json" },
      ],
      [
        "broken multipart",
        "--x\r\nContent-Disposition: form-data; name=",
        { "Content-Type": "multipart/form-data; boundary=x" },
      ],
      ["multipart with no boundary", "--x--", { "Content-Type": "multipart/form-data" }],
      ["plain text", "email=someone", { "Content-Type": "text/plain" }],
    ];
    for (const [what, body, headers] of cases) {
      const page = await fetch(`${app.origin}/notifications`, {
        method: "POST",
        body,
        headers: { ...headers, Cookie: cookie, Origin: app.origin, Accept: "text/html" },
        redirect: "manual",
      });
      expect(page.status, what).toBe(400);
      expectHardened(page, what);
      const text = visibleText(await page.text());
      expect(text, what).toContain("We couldn't read that form");
      expect(text, what).toContain("nothing was saved");
    }
    // The page's script gets the same refusal as data, and a client without a page as text.
    const data = await post("/notifications.data", "{}", {
      "Content-Type": "application/json",
      Cookie: cookie,
      Origin: app.origin,
    });
    expect(data.status).toBe(400);
    expect(await data.text()).toContain("We couldn't read that form");
    const plain = await post("/login", "{}", { "Content-Type": "application/json" });
    expect(plain.status).toBe(400);
    expect(plain.headers.get("content-type")).toContain("text/plain");
    expect(logged.errors).toEqual([]);
  });

  it("still lets an empty form reach its route, which says what is missing", async () => {
    const response = await post("/login", "", { "Content-Type": FORM, Origin: app.origin, Accept: "text/html" });
    expect(response.status).toBe(400);
    expect(visibleText(await response.text())).toContain("Sign in");
  });
});

describe("writes from other sites", () => {
  it("refuses a post from another site's page with 403 and does nothing", async () => {
    const cookie = await signIn(employee.email);
    const me = await personId(employee.email);
    const before = await mailChoicesOf(app.db, me);
    const fromElsewhere = await post("/notifications", new URLSearchParams({ reminders: "off" }), {
      "Content-Type": FORM,
      Cookie: cookie,
      Origin: "https://evil.example",
      Accept: "text/html",
    });
    expect(fromElsewhere.status).toBe(403);
    expectHardened(fromElsewhere, "a refused cross-site post");
    expect(visibleText(await fromElsewhere.text())).toContain("This came from another website");
    expect(await mailChoicesOf(app.db, me)).toEqual(before);

    const noOrigin = await post("/login", new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD }), {
      "Content-Type": FORM,
      "Sec-Fetch-Site": "cross-site",
    });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.headers.get("set-cookie")).toBeNull();

    const nullOrigin = await post("/login", new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD }), {
      "Content-Type": FORM,
      Origin: "null",
    });
    expect(nullOrigin.status).toBe(403);

    const script = await post("/login.data", new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD }), {
      "Content-Type": FORM,
      Origin: "http://localhost.evil.example",
    });
    expect(script.status).toBe(403);
  });

  it("takes posts from the app's own pages, from the address a proxy forwards, and from clients that name no origin", async () => {
    const own = await post(
      "/login",
      new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD, redirectTo: "/" }),
      {
        "Content-Type": FORM,
        Origin: app.origin,
        "Sec-Fetch-Site": "same-origin",
      },
    );
    expect(own.status).toBe(302);

    const behindProxy = await post("/login", new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD }), {
      "Content-Type": FORM,
      Origin: "https://frontline.example",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "frontline.example",
    });
    expect(behindProxy.status).toBe(302);

    const curl = await post("/login", new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD }), {
      "Content-Type": FORM,
    });
    expect(curl.status).toBe(302);
  });

  it("takes posts from PUBLIC_URL's address when a proxy in front does not forward its host", async () => {
    const previous = process.env.PUBLIC_URL;
    process.env.PUBLIC_URL = "https://frontline.example";
    try {
      const response = await post("/login", new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD }), {
        "Content-Type": FORM,
        Origin: "https://frontline.example",
      });
      expect(response.status).toBe(302);
      const elsewhere = await post("/login", new URLSearchParams({ email: employee.email, password: DEMO_PASSWORD }), {
        "Content-Type": FORM,
        Origin: "https://frontline.example.evil.example",
      });
      expect(elsewhere.status).toBe(403);
    } finally {
      if (previous === undefined) delete process.env.PUBLIC_URL;
      else process.env.PUBLIC_URL = previous;
    }
  });

  it("takes the one-click unsubscribe posted by a mail provider from elsewhere", async () => {
    const me = await personId(employee.email);
    const token = unsubscribeToken(me, "reminders");
    const response = await post(`/mail/unsubscribe/${token}`, "List-Unsubscribe=One-Click", {
      "Content-Type": FORM,
      Origin: "https://mail.example",
    });
    expect(response.status).toBe(200);
    expect((await mailChoicesOf(app.db, me)).reminders).toBe(false);
  });
});

describe("the request log", () => {
  it("writes one line per request with method, path, status, time and id, and never a feed's token", async () => {
    const me = await personId(employee.email);
    const feed = await issueFeed(app.db, { personId: me, scope: "bookings", actorId: me, now: app.clock.now() });
    if (!feed.ok) throw new Error(feed.reason);
    const token = unsubscribeToken(me, "reminders");

    const answer = await get(`/calendar/${feed.token}.ics`);
    await get(`/mail/unsubscribe/${token}`);
    await get(`/password/${"k".repeat(43)}`);
    await get(`/login?redirectTo=${encodeURIComponent("/team/42?name=Ada Lovelace")}`);
    await expect.poll(() => logged.requests.length).toBeGreaterThanOrEqual(4);

    const lines = logged.requests.join("\n");
    expect(lines).not.toContain(feed.token);
    expect(lines).not.toContain(token);
    expect(lines).not.toContain("k".repeat(43));
    expect(lines).not.toContain("Lovelace");
    expect(logged.requests[0]).toMatch(
      new RegExp(`^\\S+Z GET /calendar/\\[token\\]\\.ics 200 [\\d.]+ms ${answer.headers.get("x-request-id")}$`),
    );
    expect(lines).toContain("GET /mail/unsubscribe/[token] 200 ");
    expect(lines).toContain("GET /password/[token] ");
    expect(lines).toContain("GET /login?redirectTo 200 ");
  });
});

describe("a route's own refusal", () => {
  it("keeps its words and gains the request's reference, as a page and as data", async () => {
    const cookie = await signIn(employee.email);
    const page = await get("/sessions/999999", { Cookie: cookie, Accept: "text/html" });
    expect(page.status).toBe(404);
    const text = visibleText(await page.text());
    expect(text).toContain("We couldn't find that page");
    expect(text).toContain(`Reference: ${page.headers.get("x-request-id")}`);

    const data = await get("/sessions/999999.data", { Cookie: cookie });
    expect(data.status).toBe(404);
    expect(await data.text()).toContain(data.headers.get("x-request-id")!);
  });
});
