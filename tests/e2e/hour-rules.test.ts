import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { checkAtBothWidths, demoCompanyInBrowser, signInThroughForm } from "../support/browser";

const account = (label: string) => DEMO_ACCOUNTS.find((a) => a.roleLabel === label)!;
const demo = demoCompanyInBrowser();

describe("rules counted in hours in the browser", () => {
  it("lets an admin choose hours on the module form, hear what is wrong and add the module", async () => {
    const page = demo.page;
    await signInThroughForm(page, demo.origin, account("Admin").email);
    await page.goto(`${demo.origin}/admin/modules/new`);
    await page.getByRole("heading", { level: 1, name: "Add a module" }).waitFor();
    await page.getByLabel("Title").fill("An afternoon on the call line");
    await page.getByLabel("Sessions that count").selectOption({ label: "Call-centre listen-in" });
    await page.getByLabel("Hours of attended time — each session counts for its length").check();
    await page.getByLabel("Hours needed").fill("1.25");
    await page.getByRole("button", { name: "Add module" }).click();
    await page.getByText("Give the hours in whole or half hours, for example 2 or 1.5.").first().waitFor();
    await checkAtBothWidths(page, "hour-rule-form-refused");

    await page.getByLabel("Hours needed").fill("2.5");
    await page.getByRole("button", { name: "Add module" }).click();
    await page.getByRole("heading", { level: 1, name: "An afternoon on the call line" }).waitFor();
    expect(await page.getByText("2½ hours of attended call-centre listen-ins.").count()).toBe(1);
    expect(await page.getByLabel("Hours needed").inputValue()).toBe("2.5");
    await checkAtBothWidths(page, "hour-rule-module");
  });

  it("shows the demo employee the time the call line needs, on My progress", async () => {
    const page = demo.page;
    await signInThroughForm(page, demo.origin, account("Employee").email);
    await page.goto(`${demo.origin}/progress`);
    await page.getByRole("heading", { level: 1, name: "My progress" }).waitFor();
    const card = page.getByRole("listitem").filter({
      has: page.getByRole("heading", { name: "Hear the customer: call-line listen-in" }),
    });
    await card.getByText("2 hours of attended call-centre listen-ins, each with a reflection").waitFor();
    await card.getByText(/of 2 h counted so far/).waitFor();
    await checkAtBothWidths(page, "hour-rule-progress");
  });
});
