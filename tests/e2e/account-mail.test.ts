import type { Page } from "playwright-core";
import { describe, expect, it, onTestFinished } from "vitest";
import { DEMO_ACCOUNTS } from "../../db/seed";
import { checkAtBothWidths, demoCompanyInBrowser, signInThroughForm } from "../support/browser";
import { startMailServer, testDispatcher, type ReceivedMail } from "../support/mail";

const app = demoCompanyInBrowser();
const admin = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Admin")!;
const employee = DEMO_ACCOUNTS.find((a) => a.roleLabel === "Employee")!;

const STAFF_HEADER = "name,email,department,title,manager_email,time_zone,roles";
const NEW_PASSWORD = "lighthouse keeper 42";

/** A real SMTP server for this test, and the test's own dispatcher delivering to it with the app's address. */
async function mailTo() {
  const mail = await startMailServer();
  const { dispatcher, transport } = testDispatcher(app.db, app.clock, mail, { origin: app.origin });
  onTestFinished(async () => {
    transport.close();
    await mail.stop();
  });
  return { mail, dispatcher };
}

function linkIn(message: ReceivedMail): string {
  const found = /https?:\/\/\S+\/password\/[A-Za-z0-9_-]+/.exec(message.parsed.text ?? "");
  expect(found, "the message carries a link to set a password").toBeTruthy();
  return found![0];
}

/** Chooses a password on the link's page and signs in with it on the sign-in page it leads to. */
async function setPasswordAndSignIn(page: Page, email: string) {
  await page.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel("Repeat the new password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Save the password" }).click();
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByRole("status").filter({ hasText: "Your password is set. Sign in with it." }).waitFor();
  expect(await page.getByLabel("Work email").inputValue()).toBe(email);
  await page.getByLabel("Password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your upcoming sessions" }).waitFor();
}

describe("getting in by a link in an e-mail", () => {
  it("lets an imported person follow their invitation, set a password and sign in", async () => {
    const { page } = app;
    const { mail, dispatcher } = await mailTo();
    await signInThroughForm(page, app.origin, admin.email);
    await page.goto(`${app.origin}/admin/people/import`);
    await page
      .getByLabel("Staff directory (CSV)")
      .fill(`${STAFF_HEADER}\nSaga Holm,saga.holm@example.com,Finance,Analyst,,Europe/Stockholm,`);
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.getByRole("heading", { name: "Ready to import" }).waitFor();
    await page.getByText("Each person added gets an e-mail inviting them to set a password.").waitFor();
    await page.getByRole("button", { name: "Import: add 1, update 0" }).click();
    await page.getByRole("status").filter({ hasText: "We're e-mailing the new person an invitation" }).waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();

    await dispatcher.deliverDue();
    const [invitation] = mail.to("saga.holm@example.com");
    expect(invitation.parsed.subject).toBe("You're invited to Frontline");
    await page.goto(linkIn(invitation));
    await page.getByRole("heading", { level: 1, name: "Set your password" }).waitFor();
    await page.getByText("saga.holm@example.com").waitFor();
    await checkAtBothWidths(page, "password-invitation");

    await setPasswordAndSignIn(page, "saga.holm@example.com");
    await page.getByRole("heading", { level: 1 }).filter({ hasText: "Saga" }).waitFor();
  });

  it("resets a forgotten password from the sign-in page, and the link then stops working", async () => {
    const { page } = app;
    const { mail, dispatcher } = await mailTo();
    await page.goto(`${app.origin}/login`);
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await page.getByRole("heading", { level: 1, name: "Forgot your password?" }).waitFor();
    await checkAtBothWidths(page, "forgot-password");

    await page.getByLabel("Work email").fill(employee.email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `If ${employee.email} has an account, we've sent a link to it. It works for 60 minutes.` })
      .waitFor();
    await checkAtBothWidths(page, "forgot-password-sent");

    await dispatcher.deliverDue();
    const [message] = mail.to(employee.email);
    const link = linkIn(message);
    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "Choose a new password" }).waitFor();
    await checkAtBothWidths(page, "password-reset");
    await setPasswordAndSignIn(page, employee.email);

    await page.goto(link);
    await page.getByRole("heading", { level: 1, name: "This link has already been used" }).waitFor();
    await checkAtBothWidths(page, "password-link-used");
    await page.getByRole("link", { name: "Ask for a new link" }).click();
    await page.getByRole("heading", { level: 1, name: "Forgot your password?" }).waitFor();
  });

  it("lets an admin send someone an invitation from their page", async () => {
    const { page } = app;
    const { mail, dispatcher } = await mailTo();
    await signInThroughForm(page, app.origin, admin.email);
    await page.goto(`${app.origin}/admin/people?q=${encodeURIComponent(employee.email)}`);
    await page.getByRole("link", { name: employee.name }).first().click();
    await page.getByRole("heading", { level: 1, name: employee.name }).waitFor();
    await page.getByRole("button", { name: "Send an invitation to set a password" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `We're e-mailing ${employee.name} an invitation` })
      .waitFor();
    await page.getByText(/Last invitation: .*, on its way\./).waitFor();
    await checkAtBothWidths(page, "admin-person-invited");

    await dispatcher.deliverDue();
    const [invitation] = mail.to(employee.email);
    expect(invitation.parsed.subject).toBe("You're invited to Frontline");
    await page.reload();
    await page.getByText(/Last invitation: .*, sent\./).waitFor();
  });
});
