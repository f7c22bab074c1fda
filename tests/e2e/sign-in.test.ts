import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const app = demoCompanyInBrowser();
const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel.toLowerCase().includes("employee"))!;

describe("signing in", () => {
  it("sends a signed-out visitor to sign in, and refuses a wrong password in words", async () => {
    const { page } = app;
    await page.goto(`${app.origin}/`);
    await expect.poll(() => page.url()).toContain("/login");
    await screenshot(page, "login-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel("Work email").fill(employee.email);
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toContain("don't match an account");
    expect(await page.getByLabel("Work email").inputValue()).toBe(employee.email);
  });

  it("lets a demo employee sign in through the form and see their home page", async () => {
    const { page } = app;
    await page.goto(`${app.origin}/login`);
    await page.getByLabel("Work email").fill(employee.email);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page
      .getByRole("heading", { level: 1 })
      .filter({ hasText: employee.name.split(" ")[0] })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await page.getByRole("heading", { name: "Your upcoming sessions" }).waitFor();
    await page.getByRole("heading", { name: "Your training" }).waitFor();
    await screenshot(page, "home-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "home-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("signs out", async () => {
    const { page } = app;
    await signInThroughForm(page, app.origin, employee.email);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.goto(`${app.origin}/progress`);
    await expect.poll(() => page.url()).toContain("/login?redirectTo=%2Fprogress");
  });
});
