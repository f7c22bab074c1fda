import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const app = demoCompanyInBrowser();

describe("a manager plans pairings for the team", () => {
  it("reviews the proposal, unticks one line and applies the rest", async () => {
    const { page } = app;
    const manager = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Manager")!;
    await signInThroughForm(page, app.origin, manager.email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Planner" }).click();
    await page.getByRole("heading", { name: "Plan pairings" }).waitFor();
    await screenshot(page, "planner-empty-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel("Plan for").selectOption({ label: "My team" });
    await page.getByRole("button", { name: "Plan pairings" }).click();
    await page.getByRole("heading", { name: "Proposed bookings" }).waitFor();
    await screenshot(page, "planner-proposal-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    const lines = page.getByRole("checkbox");
    const proposed = await lines.count();
    expect(proposed).toBeGreaterThan(1);
    await lines.first().uncheck();

    await page.getByRole("link", { name: "By person" }).click();
    await page.waitForURL(/group=person/);
    await page.getByRole("heading", { name: "Proposed bookings" }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "planner-proposal-phone");
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByRole("checkbox").first().uncheck();
    await page.getByRole("button", { name: "Apply ticked bookings" }).click();
    const booked = proposed - 1;
    await page.getByRole("heading", { name: booked === 1 ? "1 person booked" : `${booked} people booked` }).waitFor();
    await screenshot(page, "planner-applied-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
