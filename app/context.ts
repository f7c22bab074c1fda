import type { Db } from "~/db.server";

/**
 * What every loader and action is handed besides the request: the one database and the instant
 * the request is answered at. The server makes it per request; tests make their own, so a test
 * fixes the clock and gives each test its own database.
 */
declare module "@remix-run/node" {
  interface AppLoadContext {
    db: Db;
    /** This request's "now", UTC milliseconds. No loader or action reads the wall clock itself. */
    now: number;
  }
}

export {};
