import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { demoCompanyInBrowser, openBrowser } from "../support/browser";

const demo = demoCompanyInBrowser();
const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;

/** Tries a wrong password through the form and waits for the refusal. */
async function tryWrongPassword(page: Page) {
  await page.goto(`${demo.origin}/login`);
  await page.getByLabel("Work email").fill(employee.email);
  await page.getByLabel("Password").fill("not-my-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "don't match an account" }).waitFor();
}

describe("a wrong password", () => {
  it("empties the password box and keeps the email", async () => {
    const { page } = demo;
    await tryWrongPassword(page);
    expect(await page.getByLabel("Password").inputValue()).toBe("");
    expect(await page.getByLabel("Work email").inputValue()).toBe(employee.email);

    // A second wrong try is refused the same way, again with an empty box.
    await page.getByLabel("Password").fill("still-not-it");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByLabel("Password").inputValue()).toBe("");
    expect(await page.getByLabel("Work email").inputValue()).toBe(employee.email);
  });

  it("empties the password box without JavaScript too", async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      await tryWrongPassword(browser.page);
      expect(await browser.page.getByLabel("Password").inputValue()).toBe("");
      expect(await browser.page.getByLabel("Work email").inputValue()).toBe(employee.email);
    } finally {
      await browser.close();
    }
  });
});
