import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const app = demoCompanyInBrowser();

describe("an accountant shadows the call line", () => {
  it("finds a listen-in, books a seat, and cancels it", async () => {
    const { page } = app;
    const accountant = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
    await signInThroughForm(page, app.origin, accountant.email);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find sessions" }).click();
    await page.getByRole("heading", { name: "Find a session" }).waitFor();
    await page.getByLabel("Kind of work").selectOption({ label: "Call-centre listen-in" });
    await page.getByLabel("Only with free seats").check();
    await page.getByRole("button", { name: "Show sessions" }).click();
    await page.waitForURL(/free=1/);
    await screenshot(page, "sessions-list-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    const links = page.locator(".session-card-title a");
    expect(await links.count()).toBeGreaterThan(0);
    const listUrl = page.url();
    let booked = false;
    for (let i = 0; i < Math.min(6, await links.count()) && !booked; i++) {
      await page.goto(listUrl);
      await page.locator(".session-card-title a").nth(i).click();
      await page.getByRole("heading", { name: "Your seat" }).waitFor();
      const book = page.getByRole("button", { name: "Book a seat" });
      if (!(await book.isVisible())) continue;
      await book.click();
      await page.waitForLoadState("networkidle");
      booked = await page.getByRole("button", { name: "Cancel my seat" }).isVisible();
    }
    expect(booked).toBe(true);
    await expect.poll(() => page.getByRole("status").first().textContent()).toMatch(/booked|seat/i);
    await screenshot(page, "session-booked-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole("heading", { name: "What to watch for" }).waitFor();

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "session-booked-phone");
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByRole("button", { name: "Cancel my seat" }).click();
    await page.getByRole("button", { name: "Book a seat" }).waitFor();
    expect(await page.getByRole("status").first().textContent()).toContain("Your seat is cancelled");

    await page.goto(`${app.origin}/sessions?view=week`);
    await page.getByRole("heading", { name: /Week of/ }).waitFor();
    await screenshot(page, "sessions-week-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "sessions-week-phone");

    await page.goto(`${app.origin}/progress`);
    await page.getByRole("heading", { name: "My progress" }).waitFor();
    await screenshot(page, "progress-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
    await screenshot(page, "progress-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
