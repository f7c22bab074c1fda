import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { schema } from "~/db.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { axeViolations } from "../support/axe";
import { demoCompanyInBrowser, DESKTOP, openBrowser, PHONE, screenshot, signInThroughForm } from "../support/browser";

const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const demo = demoCompanyInBrowser();
const HEADER = "name,email,department,title,manager_email,time_zone,roles";

/** Two good rows, a row whose department doesn't exist, and a row whose manager is on that row. */
const FILE = [
  HEADER,
  "Saga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,",
  "Ivo Petrov,ivo.petrov@example.com,Marketing,Planner,,Europe/Sofia,manager",
  "Lea Ek,lea.ek@example.com,Sales,Representative,ivo.petrov@example.com,Europe/Stockholm,",
  "Jon Lund,jon.lund@example.com,Finance,Head of planning,,Europe/Stockholm,manager",
].join("\n");

/** No axe finding of any impact and nothing wider than a phone, with a screenshot at each width. */
async function looksRight(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  expect(await axeViolations(page), name).toEqual([]);
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  expect(await axeViolations(page), `${name} on a phone`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways on a phone`).toBeLessThanOrEqual(0);
  await page.setViewportSize(DESKTOP);
}

/** Pastes the file and checks it, as an admin does, and waits for its problems. */
async function checkFile(page: Page) {
  await signInThroughForm(page, demo.origin, admin.email);
  await page.goto(`${demo.origin}/admin/people/import`);
  await page.getByLabel("Staff directory (CSV)").fill(FILE);
  await page.getByRole("button", { name: "Check the file" }).click();
  await page.getByRole("heading", { name: "Fix these lines first" }).waitFor();
}

/** Imports the good rows, downloads the rejected ones and checks the file it got. */
async function importGoodRowsAndDownload(page: Page) {
  await page.getByLabel("Import the 2 good rows and skip the 2 with problems").check();
  await page.getByRole("button", { name: "Import as chosen" }).click();
  await page.getByRole("heading", { name: "Imported the good rows" }).waitFor();
  await page.getByRole("status").filter({ hasText: "2 people added, 0 updated." }).waitFor();
  const rejected = page.getByRole("region", { name: "Rejected rows" });
  await rejected.getByText("Can't be imported alone: its manager's row has a problem on line 3").waitFor();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download the rejected rows (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("staff-import-rejected-rows-2027-03-01.csv");
  const rows = parse(readFileSync((await download.path())!, "utf8"), { bom: true }) as string[][];
  expect(rows.map((r) => r.slice(0, 3))).toEqual([
    ["name", "email", "department"],
    ["Ivo Petrov", "ivo.petrov@example.com", "Marketing"],
    ["Lea Ek", "lea.ek@example.com", "Sales"],
  ]);
  expect(rows[0].at(-1)).toBe("problem");
  // The page is still there after the download.
  await page.getByRole("heading", { name: "Imported the good rows" }).waitFor();

  const all = (await demo.db.select({ email: schema.people.email }).from(schema.people)).map((p) => p.email);
  expect(all).toEqual(expect.arrayContaining(["saga.holm@example.com", "jon.lund@example.com"]));
  expect(all).not.toContain("ivo.petrov@example.com");
  expect(all).not.toContain("lea.ek@example.com");
}

describe("an admin imports the good rows of a file", () => {
  it("is offered the good rows or nothing, with nothing chosen until they choose", async () => {
    const { page } = demo;
    await checkFile(page);
    const choice = page.getByRole("group", { name: "What to import" });
    expect(await choice.getByLabel("Import nothing until every row is right").isChecked()).toBe(true);
    expect(await choice.getByLabel("Import the 2 good rows and skip the 2 with problems").isChecked()).toBe(false);
    await looksRight(page, "import-choice");
  });

  it("leaves out the rows with problems, and downloads them to fix", async () => {
    const { page } = demo;
    await checkFile(page);
    await importGoodRowsAndDownload(page);
    await looksRight(page, "import-good-rows");
  });

  it("hands back the rejected rows of a file over 1 MB, as large as the import takes", async () => {
    const { page } = demo;
    await signInThroughForm(page, demo.origin, admin.email);
    const lines = Array.from(
      { length: 12_000 },
      (_, i) => `Person ${i},p${i}@example.com,Marketing,${"Planner ".repeat(10)},,,`,
    );
    const csv = [HEADER, ...lines].join("\n");
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const response = await page.request.post(`${demo.origin}/admin/people/import/rejected.csv`, {
      multipart: { csv },
      headers: { Origin: demo.origin },
    });
    expect(response.status()).toBe(200);
    const rows = parse(await response.text(), { bom: true }) as string[][];
    expect(rows).toHaveLength(lines.length + 1);
    expect(rows[12_000].slice(0, 3)).toEqual(["Person 11999", "p11999@example.com", "Marketing"]);
  });

  it("does the same without JavaScript", async () => {
    const browser = await openBrowser({ javaScriptEnabled: false });
    try {
      await checkFile(browser.page);
      await importGoodRowsAndDownload(browser.page);
    } finally {
      await browser.close();
    }
  });
});
