import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema, type Db } from "~/db.server";
import { addDays, dayOf } from "~/domain/time";
import { assignModule } from "~/models/assignments.server";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { seriousAxeViolations } from "../support/axe";
import { checkAtBothWidths, demoCompanyInBrowser, screenshot, signInThroughForm } from "../support/browser";

const manager = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Manager")!;
const app = demoCompanyInBrowser();

/** The manager asks the whole team for a call-line listen-in within four weeks, so several people need a session. */
async function aTeamWithOpenTraining(db: Db, now: number) {
  const [me] = await db.select().from(schema.people).where(eq(schema.people.email, manager.email));
  const [module] = await db
    .select()
    .from(schema.serviceModules)
    .where(eq(schema.serviceModules.title, "Hear the customer: call-line listen-in"));
  const assigned = await assignModule(db, {
    actorId: me.id,
    moduleId: module.id,
    dueOn: addDays(dayOf(now, me.timeZone), 27),
    personIds: [],
    everyone: true,
    departmentId: null,
    now,
  });
  expect(assigned.ok && assigned.created.length).toBeGreaterThan(1);
}

describe("a manager plans pairings for the team", () => {
  it("asks for a proposal and reviews it by session and by person", async () => {
    const { page, origin, db, clock } = app;
    await aTeamWithOpenTraining(db, clock.now());
    await signInThroughForm(page, origin, manager.email);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Planner" }).click();
    await page.getByRole("heading", { name: "Plan pairings" }).waitFor();
    await screenshot(page, "planner-empty-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel("Plan for").selectOption({ label: "My team" });
    await page.getByRole("button", { name: "Plan pairings" }).click();
    await page.getByRole("heading", { name: "Proposed bookings" }).waitFor();
    await screenshot(page, "planner-proposal-desktop");
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await page.getByRole("checkbox").count()).toBeGreaterThan(1);

    await page.getByRole("link", { name: "By person" }).click();
    await page.waitForURL(/group=person/);
    await page.getByRole("heading", { name: "Proposed bookings" }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "planner-proposal-phone");
    await page.setViewportSize({ width: 1280, height: 860 });
  });

  it("unticks one proposed booking, applies the rest, and finds the same plan on coming back", async () => {
    const { page, origin, db, clock } = app;
    await aTeamWithOpenTraining(db, clock.now());
    await signInThroughForm(page, origin, manager.email);
    await page.goto(`${origin}/planner`);
    await page.getByLabel("Plan for").selectOption({ label: "My team" });
    await page.getByRole("button", { name: "Plan pairings" }).click();
    await page.getByRole("heading", { name: "Proposed bookings" }).waitFor();
    await page.getByRole("link", { name: "By person" }).click();
    await page.waitForURL(/group=person/);
    const lines = page.getByRole("checkbox");
    const proposed = await lines.count();
    expect(proposed).toBeGreaterThan(1);
    const planAddress = page.url();

    await lines.first().uncheck();
    await page.getByRole("button", { name: "Apply ticked bookings" }).click();
    const booked = proposed - 1;
    await page.getByText(booked === 1 ? "1 person booked." : `${booked} people booked.`).waitFor();
    await checkAtBothWidths(page, "planner-applied");
    expect(await page.getByText("Booked", { exact: true }).count()).toBe(booked);

    // Coming back reads the stored plan: the one line left is still offered, nothing is planned again.
    await page.goto(planAddress);
    await page.getByRole("heading", { name: "Proposed bookings" }).waitFor();
    expect(await page.getByRole("checkbox").count()).toBe(1);
    expect(await db.select().from(schema.plans)).toHaveLength(1);
  });
});
