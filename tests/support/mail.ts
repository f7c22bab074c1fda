/**
 * A real SMTP server in the test process (the `smtp-server` package) that keeps what arrives,
 * parsed by `mailparser`; and a dispatcher aimed at it, on the test's database and clock.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type Attachment, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Db } from "~/db.server";
import { MailDispatcher, type DispatcherOptions } from "~/mail/dispatcher.server";
import { smtpTransport, type MailTransport } from "~/mail/transport.server";
import type { TestClock } from "./clock";

export interface ReceivedMail {
  parsed: ParsedMail;
  raw: string;
  /** The envelope's recipients. */
  to: string[];
}

export class MailServer {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  private waiters: (() => void)[] = [];
  port = 0;

  /** Starts listening (again, on the same port once it has one). */
  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          simpleParser(raw).then(
            (parsed) => {
              this.received.push({ parsed, raw, to: session.envelope.rcptTo.map((r) => r.address) });
              for (const wake of this.waiters.splice(0)) wake();
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Stops listening: senders now find nobody there. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits until `count` messages have arrived in all. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Expected ${count} messages, ${this.received.length} arrived.`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }
}

export async function startMailServer(): Promise<MailServer> {
  return new MailServer().start();
}

/** The `text/calendar` part of a message, with the method its MIME header names. */
export function calendarPart(mail: ReceivedMail): { method: string; content: string } | undefined {
  const part: Attachment | undefined = mail.parsed.attachments.find((a) => a.contentType === "text/calendar");
  if (!part) return undefined;
  const header = part.headers.get("content-type") as { value: string; params: Record<string, string> } | undefined;
  return { method: (header?.params.method ?? "").toUpperCase(), content: part.content.toString("utf8") };
}

/** A dispatcher of the test's own, aimed at `server`, reading the test's clock. */
export function testDispatcher(
  db: Db,
  clock: TestClock,
  server: MailServer | { url: string },
  options: Partial<DispatcherOptions> = {},
): { dispatcher: MailDispatcher; transport: MailTransport } {
  const transport = smtpTransport(server.url, { connections: 2, timeoutMs: 2000 });
  const dispatcher = new MailDispatcher({
    db,
    transport,
    origin: "http://localhost:3000",
    from: "Frontline <frontline@example.test>",
    clock: clock.now,
    ...options,
  });
  return { dispatcher, transport };
}
