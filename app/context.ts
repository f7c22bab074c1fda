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
    /** Names this request in the server's log and on its error page. */
    requestId: string;
    /** The client's address (as the proxy in front reports it, when one is trusted). */
    clientAddress: string;
    /** This response's Content-Security-Policy nonce, for the scripts the page writes. */
    nonce: string;
  }
}

export {};
