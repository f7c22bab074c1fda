/**
 * What the server writes into its log about a request's path, and where it listens: plain
 * functions, no server needed.
 */
import { describe, expect, it } from "vitest";
import { serverConfig, servingAddress } from "~/server/config";
import { redactedPath, requestLine } from "~/server/log";

const FEED_TOKEN = "q3Jx9vH0m2c8Zr1bV_4e-UoT7kYwL5aNpS6dGfHiJkQ";

describe("paths in the log", () => {
  it("replaces a feed's token and keeps the rest of its path", () => {
    expect(redactedPath(`/calendar/${FEED_TOKEN}.ics`)).toBe("/calendar/[token].ics");
    expect(redactedPath(`/Calendar/${FEED_TOKEN}.ics.ics`)).toBe("/Calendar/[token].ics");
    expect(redactedPath(`//calendar//${FEED_TOKEN}`)).toBe("//calendar//[token]");
    expect(redactedPath("/calendar")).toBe("/calendar");
    expect(redactedPath("/%63alendar/%71%33Jx9v.ics")).toBe("/%63alendar/[token].ics");
    expect(redactedPath("/calendar.data")).toBe("/calendar.data");
  });

  it("replaces the tokens of password and unsubscribe links, also in their data requests", () => {
    expect(redactedPath(`/password/${FEED_TOKEN}`)).toBe("/password/[token]");
    expect(redactedPath(`/password/${FEED_TOKEN}.data`)).toBe("/password/[token].data");
    expect(redactedPath("/mail/unsubscribe/12.reminders.AbCdEfGhIjKlMnOpQrStUvWxYz012345")).toBe(
      "/mail/unsubscribe/[token]",
    );
    expect(redactedPath("/mail/unsubscribe/12.reminders.AbCdEfGhIjKlMnOpQrStUvWxYz012345.data")).toBe(
      "/mail/unsubscribe/[token].data",
    );
  });

  it("replaces anything shaped like a token wherever it appears", () => {
    expect(redactedPath(`/something/new/${FEED_TOKEN}/more`)).toBe("/something/new/[token]/more");
    expect(redactedPath("/sessions/42")).toBe("/sessions/42");
    expect(redactedPath("/admin/people/import.data")).toBe("/admin/people/import.data");
  });

  it("keeps a query's names and drops its values", () => {
    expect(redactedPath("/login?redirectTo=%2Fteam%3Fname%3DAda")).toBe("/login?redirectTo");
    expect(redactedPath("/admin/people?q=Lovelace&page=2&index")).toBe("/admin/people?q&page&index");
    expect(redactedPath(`/x?${FEED_TOKEN}`)).toBe("/x?[token]");
    expect(redactedPath("/x?%E0%A4%A=1&a%0Ab=2")).toBe("/x?%E0%A4%A&a%0Ab");
  });

  it("writes a request as one line: when, method, path, status, milliseconds, id", () => {
    const line = requestLine({
      at: new Date(Date.UTC(2027, 2, 1, 9)),
      method: "GET",
      url: `/calendar/${FEED_TOKEN}.ics?x=1`,
      status: 304,
      ms: 3.25,
      requestId: "5b0c7d2e-0f7e-4f43-9a53-8f3b4a9d2c11",
    });
    expect(line).toBe(
      "2027-03-01T09:00:00.000Z GET /calendar/[token].ics?x 304 3.3ms 5b0c7d2e-0f7e-4f43-9a53-8f3b4a9d2c11",
    );
    expect(line).not.toContain("\n");
  });
});

describe("where the server listens", () => {
  it("listens on every interface at port 3000 unless told otherwise", () => {
    expect(serverConfig({})).toEqual({ host: undefined, port: 3000, trustProxy: false });
    expect(servingAddress(serverConfig({}))).toBe("http://localhost:3000");
  });

  it("takes HOST and PORT, and prints the address to open", () => {
    expect(serverConfig({ HOST: "127.0.0.1", PORT: "8080" })).toMatchObject({ host: "127.0.0.1", port: 8080 });
    expect(servingAddress({ host: "127.0.0.1", port: 8080 })).toBe("http://127.0.0.1:8080");
    expect(servingAddress({ host: "::1", port: 8080 })).toBe("http://[::1]:8080");
    expect(servingAddress({ host: "0.0.0.0", port: 8080 })).toBe("http://localhost:8080");
  });

  it("refuses a PORT that is not a port, saying so", () => {
    expect(() => serverConfig({ PORT: "http" })).toThrow('PORT must be a port number from 0 to 65535, not "http".');
    expect(() => serverConfig({ PORT: "70000" })).toThrow("PORT must be a port number");
  });

  it("trusts a proxy's forwarded headers only when TRUST_PROXY says which", () => {
    expect(serverConfig({ TRUST_PROXY: "" }).trustProxy).toBe(false);
    expect(serverConfig({ TRUST_PROXY: "off" }).trustProxy).toBe(false);
    expect(serverConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(serverConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(serverConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toBe("loopback, 10.0.0.0/8");
  });
});
