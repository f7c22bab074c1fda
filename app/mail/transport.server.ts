/**
 * Where mail goes. With SMTP_URL set (`smtp://user:pass@host:587`, `smtps://…`), through
 * nodemailer to that server, from MAIL_FROM. Without it, messages are kept: the admin Outbox shows
 * them and nothing leaves the machine.
 */
import nodemailer from "nodemailer";
import type { InviteMethod } from "~/domain/calendar";

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  headers: Record<string, string>;
  /** The invite or cancellation, as the `text/calendar; method=…` part calendar programs act on. */
  calendar: { method: InviteMethod; content: string } | null;
}

export interface MailTransport {
  /** False when messages are kept rather than sent. */
  readonly delivers: boolean;
  /** Where the mail goes, in words for the person starting the app. */
  readonly description: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export const DEFAULT_FROM = "Frontline <frontline@localhost>";

export function mailFrom(env: NodeJS.ProcessEnv = process.env): string {
  return env.MAIL_FROM?.trim() || DEFAULT_FROM;
}

/** "sent through smtp://mail.example:587": the server, never its user name or password. */
function smtpDescription(url: string): string {
  const shown = new URL(url);
  return `sent through ${shown.protocol}//${shown.host}`;
}

/**
 * SMTP through nodemailer, a few pooled connections kept open while there is mail to send. The
 * invite goes in as nodemailer's `icalEvent`: the `text/calendar; method=…` part calendar
 * programs act on, beside the text and HTML bodies.
 */
export function smtpTransport(url: string, options: { connections?: number; timeoutMs?: number } = {}): MailTransport {
  const timeout = options.timeoutMs ?? 20_000;
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.connections ?? 4,
    maxMessages: Infinity,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
    // A relay on this machine often offers STARTTLS with a certificate of its own making; mail to
    // it never crosses a network. `?tls.rejectUnauthorized=true` in SMTP_URL asks for a valid one.
    tls: isLoopback(new URL(url).hostname) ? { rejectUnauthorized: false } : undefined,
  });
  return {
    delivers: true,
    description: smtpDescription(url),
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        date: mail.date,
        headers: mail.headers,
        icalEvent: mail.calendar
          ? { method: mail.calendar.method, filename: "invite.ics", content: mail.calendar.content }
          : undefined,
      });
    },
    close: () => transporter.close(),
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "[::1]" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** No mail server: messages are kept for admins to read in the Outbox. */
export const keptTransport: MailTransport = {
  delivers: false,
  description: "kept in the admin Outbox (/admin/outbox), not sent: set SMTP_URL and MAIL_FROM to send it",
  async send() {},
  close() {},
};

export function transportFromEnv(env: NodeJS.ProcessEnv = process.env): MailTransport {
  const url = env.SMTP_URL?.trim();
  return url ? smtpTransport(url) : keptTransport;
}

/**
 * Where mail goes, as `transportFromEnv` would send it, without making a transport or connecting:
 * for pages that say so (the admin Outbox, the Notifications page).
 */
export function mailDestination(env: NodeJS.ProcessEnv = process.env): Pick<MailTransport, "delivers" | "description"> {
  const url = env.SMTP_URL?.trim();
  if (!url) return { delivers: keptTransport.delivers, description: keptTransport.description };
  try {
    return { delivers: true, description: smtpDescription(url) };
  } catch {
    return { delivers: true, description: "sent through the mail server SMTP_URL names" };
  }
}
