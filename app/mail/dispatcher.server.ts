/**
 * The dispatcher: started with the server, it delivers the outbox. Several may run on one database
 * (several app instances on one libSQL server): each claims messages with a lease in one UPDATE,
 * so no two hold the same message, and a crashed one's lease runs out for another to deliver. A
 * failed try is retried with a growing wait and given up after MAX_ATTEMPTS (README.md in
 * app/domain/mail). Once a minute it also writes the messages that fall due by the clock.
 */
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { schema, sqliteCode, type Db } from "~/db.server";
import { messageIdDomain, messageIdFor } from "~/domain/mail/delivery";
import { CATEGORIES, isMailKind, wantsCategory, type MailKind } from "~/domain/mail/kinds";
import { letterHtml, letterText } from "~/domain/mail/letter";
import { MINUTE } from "~/domain/time";
import { issueAccountToken } from "~/models/mail/account-tokens.server";
import { claimDueMessages, settleMessages, type Outcome, type OutboxRow } from "~/models/mail/outbox.server";
import { categoryOf, composeMail, type Recipient } from "./messages.server";
import type { Payloads } from "./payloads.server";
import type { MailTransport, OutgoingMail } from "./transport.server";
import { unsubscribeToken } from "./unsubscribe.server";

export interface DispatcherOptions {
  db: Db;
  transport: MailTransport;
  /** The app's public address, for the links in messages. */
  origin: string;
  from: string;
  clock?: () => number;
  /** This instance's name on the leases it takes. */
  owner?: string;
  batchSize?: number;
  /** Messages sent at once. */
  concurrency?: number;
  pollMs?: number;
  /** Writes the messages the clock makes due (reminders, digests); run once a minute. */
  schedule?: (db: Db, now: number) => Promise<void>;
  onError?: (error: unknown) => void;
}

export interface DeliveryReport {
  sent: number;
  kept: number;
  skipped: number;
  retried: number;
}

interface RecipientFacts extends Recipient {
  active: boolean;
  choices: Record<string, boolean>;
}

export class MailDispatcher {
  readonly owner: string;
  private readonly clock: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private lastSchedule = -Infinity;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? `mail-${randomUUID()}`;
    this.clock = options.clock ?? Date.now;
  }

  /** Delivers every message that is due now, batch after batch, and says what became of them. */
  async deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, kept: 0, skipped: 0, retried: 0 };
    for (;;) {
      const batch = await claimDueMessages(this.options.db, {
        owner: this.owner,
        now: this.clock(),
        limit: this.options.batchSize ?? 100,
      });
      if (!batch.length) return report;
      const outcomes = await this.deliverBatch(batch);
      await settleMessages(this.options.db, { owner: this.owner, now: this.clock(), outcomes });
      for (const outcome of outcomes) report[outcome.state === "retry" ? "retried" : outcome.state] += 1;
      // The embedded database answers without waiting, so a long backlog would never let a page's
      // request in: each batch gives way to what is waiting before the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Writes what the clock has made due (once a minute at most unless forced), then delivers. */
  async tick(force = false): Promise<DeliveryReport> {
    const now = this.clock();
    if (this.options.schedule && (force || now - this.lastSchedule >= MINUTE)) {
      this.lastSchedule = now;
      await this.options.schedule(this.options.db, now);
    }
    return this.deliverDue();
  }

  /** Runs in the background until `stop`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      this.running = this.tick()
        .then(
          () => undefined,
          (error: unknown) => {
            // A busy database is met again on the next round; anything else is reported.
            if (!sqliteCode(error)?.startsWith("SQLITE_BUSY")) this.options.onError?.(error);
          },
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(loop, this.options.pollMs ?? 1000);
        });
    };
    loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async deliverBatch(batch: OutboxRow[]): Promise<Outcome[]> {
    const recipients = await this.recipients(batch.map((m) => m.personId));
    const outcomes: Outcome[] = [];
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const message = batch[next++];
        outcomes.push(await this.deliverOne(message, recipients.get(message.personId)));
      }
    };
    const width = Math.max(1, Math.min(this.options.concurrency ?? 8, batch.length));
    await Promise.all(Array.from({ length: width }, worker));
    return outcomes;
  }

  private async deliverOne(message: OutboxRow, to: RecipientFacts | undefined): Promise<Outcome> {
    const { id } = message;
    if (!isMailKind(message.kind))
      return { id, state: "skipped", reason: `Unknown kind of message "${message.kind}".` };
    if (!to) return { id, state: "skipped", reason: "The recipient no longer exists." };
    if (!to.active) return { id, state: "skipped", reason: "The recipient is switched off." };
    const kind: MailKind = message.kind;
    const category = categoryOf(kind);
    if (category && !wantsCategory(to.choices, category)) {
      return { id, state: "skipped", reason: `The recipient turned off "${CATEGORIES[category].label}".` };
    }
    try {
      const mail = await this.render(message, kind, to);
      if (!this.options.transport.delivers) return { id, state: "kept" };
      await this.options.transport.send(mail);
      return { id, state: "sent" };
    } catch (error) {
      return { id, state: "retry", attempts: message.attempts, error: errorText(error) };
    }
  }

  /** The message as it goes out; an account message gets its one-time link here, as it is sent. */
  private async render(message: OutboxRow, kind: MailKind, to: Recipient): Promise<OutgoingMail> {
    const { origin, from, db, transport } = this.options;
    const now = this.clock();
    const purpose = kind === "account_invitation" ? "invitation" : kind === "password_reset" ? "reset" : null;
    const accountLink =
      purpose && transport.delivers
        ? `${origin}/password/${await issueAccountToken(db, { personId: to.id, purpose, messageId: message.id, now })}`
        : null;
    return outgoingMail(message, kind, to, { origin, from, now, accountLink });
  }

  private async recipients(ids: number[]): Promise<Map<number, RecipientFacts>> {
    const unique = [...new Set(ids)];
    const { db } = this.options;
    const people = await db
      .select({
        id: schema.people.id,
        name: schema.people.name,
        email: schema.people.email,
        timeZone: schema.people.timeZone,
        active: schema.people.active,
      })
      .from(schema.people)
      .where(inArray(schema.people.id, unique));
    const choices = await db
      .select()
      .from(schema.mailPreferences)
      .where(inArray(schema.mailPreferences.personId, unique));
    const chosen = new Map(choices.map((c) => [c.personId, c.choices]));
    return new Map(people.map((p) => [p.id, { ...p, choices: chosen.get(p.id) ?? {} }]));
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * The subject a message has (or would have) for its recipient, for a list of messages: only its
 * letter is written, without the invite, the bodies or the headers.
 */
export function mailSubject(
  message: Pick<OutboxRow, "payload">,
  kind: MailKind,
  to: Recipient,
  options: { origin: string; now: number },
): string {
  const payload = message.payload as unknown as Payloads[typeof kind];
  return composeMail(kind, payload, to, { ...options, accountLink: null, unsubscribeUrl: null, letterOnly: true })
    .letter.subject;
}

/**
 * A message as it is sent (or, for the admin Outbox, read): composed for its recipient, with its
 * stable Message-ID and, for reminders and digests, the one-click unsubscribe headers.
 */
export function outgoingMail(
  message: Pick<OutboxRow, "id" | "createdAt" | "payload">,
  kind: MailKind,
  to: Recipient,
  options: { origin: string; from: string; now: number; accountLink: string | null },
): OutgoingMail {
  const { origin, from, now, accountLink } = options;
  const category = categoryOf(kind);
  const unsubscribeUrl =
    category && CATEGORIES[category].unsubscribable
      ? `${origin}/mail/unsubscribe/${unsubscribeToken(to.id, category)}`
      : null;
  const { letter, calendar } = composeMail(kind, message.payload as unknown as Payloads[typeof kind], to, {
    origin,
    now,
    accountLink,
    unsubscribeUrl,
  });
  const headers: Record<string, string> = { "Auto-Submitted": "auto-generated" };
  if (unsubscribeUrl) {
    headers["List-Unsubscribe"] = `<${unsubscribeUrl}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return {
    from,
    to: { name: to.name, address: to.email },
    subject: letter.subject,
    text: letterText(letter),
    html: letterHtml(letter),
    messageId: messageIdFor(message, messageIdDomain(from, origin)),
    date: new Date(now),
    headers,
    calendar,
  };
}
