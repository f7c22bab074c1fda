import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { schema, type Db } from "~/db.server";
import { navigationFor, rolesOf } from "~/domain/access";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { axeViolations } from "../support/axe";
import { DESKTOP, PHONE, demoCompanyInBrowser, openBrowser, screenshot } from "../support/browser";

const demo = demoCompanyInBrowser();
const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const manager = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Manager")!;

/** The menu a demo person has, from their roles in the demo company. */
async function menuOf(db: Db, email: string) {
  const [person] = await db.select().from(schema.people).where(eq(schema.people.email, email));
  return navigationFor({ roles: rolesOf(person) });
}

/** Signs in through the form and waits to leave it. */
async function signIn(page: Page, origin: string, email: string) {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname !== "/login");
}

const menuButton = (page: Page) => page.getByRole("button", { name: "Menu" });
const mainMenu = (page: Page) => page.getByRole("navigation", { name: "Main" });
const placeInBar = (page: Page) => page.locator(".topbar-here");

async function focused(page: Page): Promise<string> {
  return page.evaluate(() => (document.activeElement?.textContent ?? "").replace(/\s+/g, " ").trim());
}

describe("the menu on a phone", () => {
  it("opens from the keyboard, reaches every item of the admin's menu, and names the page", async () => {
    const { page, origin, db } = demo;
    const adminMenu = (await menuOf(db, admin.email)).map((item) => item.label);
    await page.setViewportSize(PHONE);
    await signIn(page, origin, admin.email);
    // Folded away: the bar shows where the person is and the button, nothing cut off.
    expect(await mainMenu(page).count()).toBe(0);
    expect(await placeInBar(page).textContent()).toBe("Home");
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("false");

    await page.getByRole("link", { name: "Skip to content" }).focus();
    await page.keyboard.press("Tab"); // Frontline home
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("Menu, Home");
    await page.keyboard.press("Enter");
    await mainMenu(page).waitFor();
    expect(await menuButton(page).getAttribute("aria-expanded")).toBe("true");
    expect(await mainMenu(page).getByRole("link", { name: "Home" }).getAttribute("aria-current")).toBe("page");
    await page.locator(".phone-menu-account").getByText(admin.name).waitFor();
    await screenshot(page, "phone-menu-admin-open");
    expect(await axeViolations(page)).toEqual([]);

    // Every item, then the person's own links, one Tab after another.
    for (const label of [...adminMenu, "Notifications", "Sign out"]) {
      await page.keyboard.press("Tab");
      expect(await focused(page)).toBe(label);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // Escape folds it away and gives the focus back to the button.
    await page.keyboard.press("Escape");
    expect(await mainMenu(page).count()).toBe(0);
    expect(await focused(page)).toBe("Menu, Home");

    await page.keyboard.press("Enter");
    await mainMenu(page).getByRole("link", { name: "Admin" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`${origin}/admin`);
    await expect.poll(() => placeInBar(page).textContent()).toBe("Admin");
    await expect.poll(() => mainMenu(page).count()).toBe(0);
    expect(await menuButton(page).textContent()).toContain("Admin");
    await page.setViewportSize(DESKTOP);
  });

  it("opens by a tap for the manager, and each item leads to its page and folds the menu", async () => {
    const { page, origin, db } = demo;
    await page.setViewportSize(PHONE);
    await signIn(page, origin, manager.email);
    for (const item of await menuOf(db, manager.email)) {
      await menuButton(page).click();
      await mainMenu(page).getByRole("link", { name: item.label, exact: true }).click();
      await page.waitForURL(`${origin}${item.to}`);
      await expect.poll(() => placeInBar(page).textContent()).toBe(item.label);
      // It folds once the new page is drawn (an effect of the move), not in the same instant.
      await expect
        .poll(() => mainMenu(page).count(), { message: `${item.label}: the menu folds after the move` })
        .toBe(0);
    }
    // The person's name and their own links are inside the menu.
    await menuButton(page).click();
    await page.locator(".phone-menu-account").getByText(manager.name).waitFor();
    await page.locator(".phone-menu-account").getByRole("link", { name: "Notifications", exact: true }).click();
    await page.waitForURL(`${origin}/notifications`);
    await expect.poll(() => placeInBar(page).textContent()).toBe("Notifications");
    await menuButton(page).click();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await page.setViewportSize(DESKTOP);
  });

  it("opens without JavaScript, and its items lead to their pages", async () => {
    const browser = await openBrowser({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const { page } = browser;
      await signIn(page, demo.origin, manager.email);
      expect(await mainMenu(page).count()).toBe(0);
      await menuButton(page).click();
      await mainMenu(page).getByRole("link", { name: "Team", exact: true }).click();
      await page.waitForURL(`${demo.origin}/team`);
      expect(await placeInBar(page).textContent()).toBe("Team");
      await menuButton(page).click();
      expect(await mainMenu(page).getByRole("link", { name: "Team", exact: true }).getAttribute("aria-current")).toBe(
        "page",
      );
      await screenshot(page, "phone-menu-manager-open-without-script");
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.getByRole("heading", { name: "Sign in" }).waitFor();
    } finally {
      await browser.close();
    }
  });

  it("shows the admin's whole menu in full on a wide screen and on a tablet", async () => {
    const { page, origin, db } = demo;
    const adminMenu = (await menuOf(db, admin.email)).map((item) => item.label);
    await page.setViewportSize(DESKTOP);
    await signIn(page, origin, admin.email);
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 860 });
      expect(await menuButton(page).count()).toBe(0);
      const links = mainMenu(page).getByRole("link");
      expect(await links.allTextContents()).toEqual(adminMenu);
      for (const box of await links.evaluateAll((all) => all.map((a) => a.getBoundingClientRect().toJSON()))) {
        expect(box.left, `${width} px`).toBeGreaterThanOrEqual(0);
        expect(box.right, `${width} px`).toBeLessThanOrEqual(width);
      }
      await page.locator(".topbar-account").getByText(admin.name).waitFor();
      await screenshot(page, `phone-menu-admin-${width}`);
    }
    await page.setViewportSize(DESKTOP);
  });
});
