/**
 * Request bodies: counted as they arrive and refused past a limit, then checked to be a form
 * before any route reads them. Every action in the app reads a form (`request.formData()`), which
 * would throw on anything else and answer 500; such a body is answered 400 instead, once, for
 * every route: here by its type, and in app/server/refusals.ts when a multipart body turns out
 * to be broken as the route reads it.
 */
import type { IncomingMessage } from "node:http";

const MB = 1024 * 1024;

/** Any form: far more than a person types. */
export const GENERAL_BODY_LIMIT = 1 * MB;

/** The staff import's file (about 20,000 people's lines, with room to spare) and its form. */
export const IMPORT_BODY_LIMIT = 5 * MB;

/** Said when a body is over its limit, in the words the import page uses for its file. */
export const TOO_LARGE = {
  general:
    "That was more than 1 MB to send at once, so nothing was saved. Shorten what you entered, or send it in parts.",
  import: "That file is larger than 5 MB. Split it into parts and import each.",
} as const;

/** The limit of a write to this path, and what to say past it. */
export function bodyLimitFor(path: string): { bytes: number; tooLarge: string } {
  // The import page's form, posted as a page or by its script (".data"), and the same file posted
  // back for the report of the lines an import left out.
  return /^\/+admin\/+people\/+import(?:\/+rejected\.csv)?\/*(?:\.data)?$/i.test(path)
    ? { bytes: IMPORT_BODY_LIMIT, tooLarge: TOO_LARGE.import }
    : { bytes: GENERAL_BODY_LIMIT, tooLarge: TOO_LARGE.general };
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: "too_large" | "gone" };

/**
 * Reads a request's body up to `limit` bytes, counting the bytes themselves (a chunked body has
 * no Content-Length, and a declared length may lie). Past the limit it stops keeping them at once;
 * the rest is let through to nowhere so the answer can reach the client, which is then
 * disconnected (the caller answers with `Connection: close`).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, reason: "too_large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyRead) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        done({ ok: false, reason: "too_large" });
        req.resume();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done({ ok: true, body: Buffer.concat(chunks, size) });
    const onGone = () => done({ ok: false, reason: "gone" });
    const onClose = () => {
      if (!req.complete) onGone();
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onClose);
  });
}

/**
 * Whether a body of this type can be a form at all: URL-encoded, or multipart with its boundary.
 * URL-encoded text always parses (a route's schema then says what is missing); anything else
 * (JSON, plain text, no type) is refused before a route sees it.
 */
export function isFormType(contentType: string | undefined): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return true;
  return type === "multipart/form-data" && /;\s*boundary=/i.test(contentType ?? "");
}

/**
 * Whether a body is not a form Remix can read: the same parse a route's `request.formData()`
 * does. Multipart is parsed once, by the route; this tells a broken body from a route's own
 * error after the route has failed (app/server/refusals.ts).
 */
export async function isUnreadableForm(contentType: string | undefined, body: Buffer): Promise<boolean> {
  const headers = new Headers();
  if (contentType) headers.set("Content-Type", contentType);
  try {
    await new Request("http://form.check/", { method: "POST", headers, body: bytesOf(body) }).formData();
    return false;
  } catch {
    return true;
  }
}

/** The buffer's bytes as a fetch body, without a copy. */
export function bytesOf(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.byteLength);
}
