import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { schema } from "~/db.server";
import { refusalFor } from "~/domain/permissions";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { testApp } from "../support/app";
import { fieldValue, textOf, visibleText } from "../support/html";

const employee = () => DEMO_ACCOUNTS.find((a) => a.roleLabel.toLowerCase().includes("employee"))!;
const admin = () => DEMO_ACCOUNTS.find((a) => a.roleLabel.toLowerCase().includes("admin"))!;

let app: Awaited<ReturnType<typeof testApp>>;

// Every test signs in to a demo company of its own.
beforeEach(async () => {
  app = await testApp({ template: "demo" });
});

const client = () => app.client.another();

describe("sign-in", () => {
  it("shows the login page with the demo accounts while the demo company is in use", async () => {
    const response = await client().get("/login");
    expect(response.status).toBe(200);
    const text = await textOf(response);
    expect(text).toContain("Sign in");
    for (const account of DEMO_ACCOUNTS) expect(text).toContain(account.email);
  });

  it("leaves a switched-off demo account off the login page", async () => {
    const [gone, ...others] = DEMO_ACCOUNTS;
    await app.db.update(schema.people).set({ active: false }).where(eq(schema.people.email, gone.email));
    const text = await textOf(await client().get("/login"));
    expect(text).not.toContain(gone.email);
    for (const account of others) expect(text).toContain(account.email);
  });

  it("signs a demo employee in and shows their home page", async () => {
    const c = client();
    const response = await c.signIn(employee().email, DEMO_PASSWORD);
    expect(response.headers.get("Location")).toBe("/");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const home = await c.get("/");
    expect(home.status).toBe(200);
    const text = await textOf(home);
    expect(text).toContain(employee().name.split(" ")[0]);
    expect(text).toContain("Your upcoming sessions");
  });

  it("marks the cookie Secure in production when the request came over HTTPS", async () => {
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    onTestFinished(() => {
      process.env.NODE_ENV = nodeEnv;
    });
    const response = await client().post("/login", { email: employee().email, password: DEMO_PASSWORD });
    expect(response.headers.get("Set-Cookie")).not.toMatch(/Secure/i);
    const secure = await app.handle(
      new Request("http://localhost:3000/login", {
        method: "POST",
        body: new URLSearchParams({ email: employee().email, password: DEMO_PASSWORD }),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "X-Forwarded-Proto": "https",
          Host: "localhost:3000",
          Origin: "http://localhost:3000",
        },
      }),
    );
    expect(secure.headers.get("Set-Cookie")).toMatch(/Secure/i);
  });

  it("refuses a wrong password with a sentence and keeps the email typed", async () => {
    const response = await client().post("/login", { email: employee().email, password: "not-the-password" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(visibleText(html)).toContain("That email and password don't match an account");
    expect(fieldValue(html, "Work email")).toBe(employee().email);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("gives an unknown email the same answer as a wrong password", async () => {
    const response = await client().post("/login", { email: "nobody@example.com", password: DEMO_PASSWORD });
    expect(response.status).toBe(400);
    expect(await textOf(response)).toContain("That email and password don't match an account");
  });

  it("explains the empty fields beside them", async () => {
    const response = await client().post("/login", { email: "", password: "" });
    expect(response.status).toBe(400);
    const text = await textOf(response);
    expect(text).toContain("Enter your work email.");
    expect(text).toContain("Enter your password.");
  });

  it("refuses an inactive person, and signs them out if they were signed in", async () => {
    const c = client();
    await c.signIn(employee().email, DEMO_PASSWORD);
    await app.db.update(schema.people).set({ active: false }).where(eq(schema.people.email, employee().email));
    const home = await c.get("/");
    expect(home.status).toBe(302);
    expect(home.headers.get("Location")).toBe("/login");
    const again = await client().post("/login", { email: employee().email, password: DEMO_PASSWORD });
    expect(again.status).toBe(400);
    expect(await textOf(again)).toContain("switched off");
  });

  it("treats a tampered cookie, or one naming no sign-in, as signed out", async () => {
    const c = client();
    await c.signIn(employee().email, DEMO_PASSWORD);
    const [name, value] = c.cookieHeader.split("=");
    const [payload, signature] = decodeURIComponent(value).split(".");
    const forged = Buffer.from(JSON.stringify(randomBytes(32).toString("base64url"))).toString("base64");
    expect(forged).not.toBe(payload);
    c.setCookieHeader(`${name}=${encodeURIComponent(`${forged}.${signature}`)}`);
    const home = await c.get("/");
    expect(home.status).toBe(302);
    expect(home.headers.get("Location")).toBe("/login");

    // Signed with the app's own secret, but its id was never given to anyone.
    const cookie = createCookie(name, { secrets: [process.env.SESSION_SECRET!] });
    c.setCookieHeader((await cookie.serialize(randomBytes(32).toString("base64url"))).split(";")[0]);
    const again = await c.get("/progress");
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe("/login?redirectTo=%2Fprogress");
    // The worthless cookie is cleared on the way.
    expect(again.headers.get("Set-Cookie")).toMatch(new RegExp(`^${name}=;`));
  });

  it("sends a signed-out visitor to the login page and back afterwards", async () => {
    const c = client();
    const response = await c.get("/?tab=1");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2F%3Ftab%3D1");
  });

  it("never redirects off the site after sign-in", async () => {
    const response = await client().post("/login", {
      email: employee().email,
      password: DEMO_PASSWORD,
      redirectTo: "//evil.example/",
    });
    expect(response.headers.get("Location")).toBe("/");
  });

  it("signs out, and the cookie it had no longer signs anyone in", async () => {
    const c = client();
    await c.signIn(admin().email, DEMO_PASSWORD);
    const copied = c.cookieHeader;
    const out = await c.post("/logout", {});
    expect(out.status).toBe(302);
    expect((await c.get("/")).status).toBe(302);
    const copy = client();
    copy.setCookieHeader(copied);
    expect((await copy.get("/")).status).toBe(302);
  });
});

describe("role guards", () => {
  it("shows a 403 page to an employee who opens an admin page", async () => {
    const c = client();
    await c.signIn(employee().email, DEMO_PASSWORD);
    const response = await c.get("/admin");
    expect(response.status).toBe(403);
    const text = await textOf(response);
    expect(text).toContain("You don't have access to this page");
    expect(text).toContain(refusalFor("admin:company"));
  });

  it("lets an admin open the company overview", async () => {
    const c = client();
    await c.signIn(admin().email, DEMO_PASSWORD);
    const response = await c.get("/admin");
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("Company overview");
  });

  it("sends a signed-out visitor of an admin page to sign in first", async () => {
    const response = await client().get("/admin");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin");
  });
});
