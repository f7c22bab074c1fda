import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot } from "../support/browser";

const app = demoCompanyInBrowser();

describe("signing in", () => {
  it("lets a demo employee sign in through the form and see their home page", async () => {
    const { page } = app;
    const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel.toLowerCase().includes("employee"))!;
    await page.goto(`${app.origin}/`);
    await expect.poll(() => page.url()).toContain("/login");
    await screenshot(page, "login-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel("Work email").fill(employee.email);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("don't match an account");

    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { level: 1 }).filter({ hasText: employee.name.split(" ")[0] }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("heading", { name: "Your upcoming sessions" }).waitFor();
    await page.getByRole("heading", { name: "Your training" }).waitFor();
    await screenshot(page, "home-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "home-phone");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
  });
});
