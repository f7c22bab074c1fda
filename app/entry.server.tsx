/**
 * How a page is rendered on the server: Remix's streaming render for Node, with the request's
 * Content-Security-Policy nonce on every inline script React and Remix write (the page's data,
 * the streamed data, React's own streaming scripts), so the policy can refuse all others.
 * Crawlers get the whole page at once.
 */
import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { RequestInfoProvider } from "~/components/request-info";
import { serverErrorLine } from "~/server/log";

/** How long streamed data may take before the page gives up on it. */
export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.nonce || undefined;
  const requestId = loadContext.requestId ?? "";
  // A crawler (or a page with no JavaScript to stream into) waits for everything.
  const waitForAll = isbot(request.headers.get("user-agent")) || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Gives the streamed data its time, then a moment to send the rejections. Cleared once
    // everything is rendered: a waiting timer would hold the whole render (the page's data
    // with it) in memory for those seconds after the page went out.
    const deadline = setTimeout(() => abort(), streamTimeout + 1_000);
    const ready = () => {
      shellRendered = true;
      const body = new RenderedPieces();
      responseHeaders.set("Content-Type", "text/html");
      resolve(
        new Response(createReadableStreamFromReadable(body), {
          headers: responseHeaders,
          status: responseStatusCode,
        }),
      );
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <RequestInfoProvider value={{ nonce: nonce ?? "", requestId }}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </RequestInfoProvider>,
      {
        nonce,
        onShellReady: waitForAll ? undefined : ready,
        onAllReady() {
          clearTimeout(deadline);
          if (waitForAll) ready();
        },
        onShellError(error: unknown) {
          clearTimeout(deadline);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors before the shell is out reject above and are logged by `handleError`.
          if (shellRendered) console.error(serverErrorLine(error, requestId));
        },
      },
    );
  });
}

/**
 * The page on its way out, written in as few pieces as it is rendered in.
 *
 * React writes its output in 2 KB buffers, and each would otherwise travel alone through the web
 * stream Remix answers with and then out to the socket: a 75 KB page as some forty writes. What
 * React renders in one go is sent as one piece instead; what it streams later (deferred data)
 * still goes out as soon as it is rendered.
 *
 * React 18's streaming renderer can also leave NUL bytes at the end of one of its buffers when the
 * next character takes several bytes and does not fit: the character follows whole in the next
 * buffer, and the unused bytes go out as NULs ("12:30\0\0–13:30"). A page never holds a NUL of its
 * own (text with control characters is refused), so they are dropped here.
 */
class RenderedPieces extends Transform {
  private pieces: Uint8Array[] = [];
  private sendScheduled = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.pieces.push(withoutNuls(chunk));
    if (!this.sendScheduled) {
      this.sendScheduled = true;
      setImmediate(() => this.send());
    }
    done();
  }

  override _flush(done: TransformCallback) {
    this.send();
    done();
  }

  private send() {
    this.sendScheduled = false;
    if (this.pieces.length === 0) return;
    this.push(this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces));
    this.pieces = [];
  }
}

/**
 * The chunk without its NUL bytes; the chunk itself when it has none. The NULs come in short runs,
 * so the bytes between them are copied as whole pieces (a byte-by-byte `filter` costs a hundred
 * times as much, and many chunks of a page with dashes and accented names have a run).
 */
function withoutNuls(chunk: Buffer): Buffer {
  let nul = chunk.indexOf(0);
  if (nul === -1) return chunk;
  const kept: Buffer[] = [];
  let from = 0;
  while (nul !== -1) {
    if (nul > from) kept.push(chunk.subarray(from, nul));
    from = nul + 1;
    nul = chunk.indexOf(0, from);
  }
  if (from < chunk.length) kept.push(chunk.subarray(from));
  return Buffer.concat(kept);
}

/**
 * Errors Remix meets outside the server's own route handling (a page that fails to render, a
 * `headers` function that throws): logged with their stack and the request's id, which the
 * error page shows.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // A request the client gave up on, or a page that isn't there, is not the server's error.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  console.error(serverErrorLine(error, context.requestId ?? ""));
};
