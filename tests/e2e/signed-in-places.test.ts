import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { startSignIn } from "~/models/sign-ins.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { checkAtBothWidths, demoCompanyInBrowser, signInThroughForm } from "../support/browser";

const app = demoCompanyInBrowser();
const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

describe("where you're signed in", () => {
  it("shows this browser and a phone, and signs the phone out from the keyboard", async () => {
    const { page, origin, db, clock } = app;
    const [person] = await db.select().from(schema.people).where(eq(schema.people.email, employee.email));
    // The same person signed in on their phone an hour ago.
    await startSignIn(db, {
      personId: person.id,
      signInTry: null,
      userAgent: IPHONE,
      clientAddress: "203.0.113.24",
      now: clock.now() - 60 * 60 * 1000,
    });
    await signInThroughForm(page, origin, employee.email);

    await page.goto(`${origin}/notifications`);
    await page.getByRole("link", { name: "Where you're signed in" }).click();
    await page.getByRole("heading", { level: 1, name: "Where you're signed in" }).waitFor();
    const list = page.getByRole("list").filter({ hasText: "This browser" });
    await expect.poll(() => list.getByRole("listitem").count()).toBe(2);
    expect(await list.getByRole("listitem").first().textContent()).toContain("Chrome on Linux");
    expect(await list.getByRole("listitem").nth(1).textContent()).toContain("Safari on an iPhone");
    expect(await list.getByRole("listitem").nth(1).textContent()).toContain("from 203.0.113.24");
    await checkAtBothWidths(page, "signed-in-places");

    await page.getByRole("button", { name: "Sign out everywhere else" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText("Signed out everywhere else (1 browser). You're still signed in here.").waitFor();
    await page.getByText("You're signed in only in this browser.").waitFor();
    expect(await list.getByRole("listitem").count()).toBe(1);
  });
});
