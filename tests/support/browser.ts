import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { Db } from "~/db.server";
import { createApp } from "~/server/app";
import type { ServerLog } from "~/server/log";
import { DEMO_PASSWORD } from "../../db/seed";
import { productionHandler } from "./app";
import { seriousAxeViolations } from "./axe";
import { TestClock, TEST_NOW } from "./clock";
import { freshDatabase } from "./db";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const ARTIFACTS = path.resolve("tests/.artifacts");

/**
 * The production build served over HTTP as `npm start` serves it (app/server/app.ts), in this
 * process, on a free loopback port, with the database and clock the test hands it per request.
 * Request lines are not printed unless the test collects them (`log`); server errors are.
 */
export async function startServer(
  context: () => Pick<AppLoadContext, "db" | "now">,
  options: { log?: ServerLog } = {},
): Promise<{ origin: string; stop: () => Promise<void> }> {
  await productionHandler();
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
  const log = options.log ?? { request: () => {}, error: (text: string) => console.error(text) };
  const app = createApp({ build, context, clientFolder: path.resolve("build/client"), log });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Debian's Chromium, headless, with the flags that keep it off the network. `javaScriptEnabled:
 * false` opens it as a person without the page's script meets the app.
 */
export async function openBrowser(
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(os.tmpdir(), "frontline-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 860 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * The demo company served by the production build, with a browser, for one test file. Each test
 * gets its own copy of the demo company and a clock at TEST_NOW (`context.clock` moves it); the
 * server and the browser are shared by the file's tests.
 */
export function demoCompanyInBrowser() {
  const context = {} as { origin: string; page: Page; db: Db; clock: TestClock };
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Awaited<ReturnType<typeof openBrowser>> | undefined;
  beforeAll(async () => {
    server = await startServer(() => ({ db: context.db, now: context.clock.now() }));
    browser = await openBrowser();
    Object.assign(context, { origin: server.origin, page: browser.page });
  });
  beforeEach(async () => {
    const { db } = await freshDatabase("demo");
    await browser?.context.clearCookies();
    Object.assign(context, { db, clock: new TestClock(TEST_NOW) });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return context;
}

/** Signs in through the login form, as a person would, and waits for the home page. */
export async function signInThroughForm(page: Page, origin: string, email: string) {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your upcoming sessions" }).waitFor();
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/**
 * Checks the page open now as a person on a desktop and on a phone would meet it: no serious axe
 * findings at either width, nothing wider than the phone's screen, and a screenshot of each.
 */
export async function checkAtBothWidths(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  expect(await seriousAxeViolations(page), name).toEqual([]);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  expect(await seriousAxeViolations(page), `${name} on a phone`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
  await page.setViewportSize(DESKTOP);
}
