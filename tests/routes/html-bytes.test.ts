/**
 * Every page goes out as clean UTF-8: no NUL bytes (which React's streaming renderer leaves where a
 * character of several bytes meets the end of its buffer) and no broken characters. The demo
 * company's pages are long enough, and full enough of "–" and "·", to cross many buffer ends.
 */
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../db/seed";
import { testApp } from "../support/app";

const EVERYONE = ["/", "/sessions", "/sessions?view=week", "/progress", "/calendar"];
const PAGES: Record<string, string[]> = {
  Employee: EVERYONE,
  Host: [...EVERYONE, "/hosting"],
  Manager: [...EVERYONE, "/team", "/planner"],
  Admin: [...EVERYONE, "/admin", "/admin/people", "/admin/audit", "/admin/outbox"],
};

describe("every page's bytes", () => {
  it("are UTF-8 without a NUL", async () => {
    const { client } = await testApp({ template: "demo" });
    for (const [role, paths] of Object.entries(PAGES)) {
      const signedIn = client.another();
      await signedIn.signIn(DEMO_ACCOUNTS.find((a) => a.roleLabel === role)!.email, DEMO_PASSWORD);
      for (const path of paths) {
        const bytes = Buffer.from(await (await signedIn.get(path)).arrayBuffer());
        expect(bytes.length, path).toBeGreaterThan(4096);
        expect(bytes.indexOf(0), `a NUL byte in ${path}`).toBe(-1);
        expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes), path).not.toThrow();
      }
    }
  });
});
