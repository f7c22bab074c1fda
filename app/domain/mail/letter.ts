/**
 * A message as plain parts — a heading, paragraphs, facts, a list, one button — written out as
 * both the plain-text body and the HTML body, so the two always say the same thing.
 */

export interface LetterLink {
  label: string;
  url: string;
}

export interface LetterList {
  title: string;
  items: { text: string; url?: string }[];
  /** Said under the list when it is empty. */
  empty?: string;
}

export interface Letter {
  subject: string;
  heading: string;
  paragraphs: string[];
  facts?: [label: string, value: string][];
  lists?: LetterList[];
  action?: LetterLink;
  /** Why the person gets this and where to change it. */
  footer: string[];
  footerLink?: LetterLink;
}

export function letterText(letter: Letter): string {
  const out: string[] = [letter.heading, ""];
  for (const paragraph of letter.paragraphs) out.push(paragraph, "");
  if (letter.facts?.length) {
    const width = Math.max(...letter.facts.map(([label]) => label.length));
    for (const [label, value] of letter.facts) out.push(`${`${label}:`.padEnd(width + 2)}${value}`);
    out.push("");
  }
  for (const list of letter.lists ?? []) {
    out.push(list.title);
    if (!list.items.length && list.empty) out.push(list.empty);
    for (const item of list.items) out.push(`- ${item.text}${item.url ? `\n  ${item.url}` : ""}`);
    out.push("");
  }
  if (letter.action) out.push(`${letter.action.label}: ${letter.action.url}`, "");
  out.push("--", ...letter.footer);
  if (letter.footerLink) out.push(`${letter.footerLink.label}: ${letter.footerLink.url}`);
  return `${out.join("\n")}\n`;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

// The app's own colours (app/styles/app.css), so a message looks like the product it comes from.
const INK = "#17232b";
const MUTED = "#5f6d75";
const BRAND = "#0f3d3e";
const LINK = "#1f4f8a";
const EYEBROW = "#96480a";

export function letterHtml(letter: Letter): string {
  const p = (text: string, style = "") =>
    `<p style="margin:0 0 14px;line-height:1.5;${style}">${escapeHtml(text).replace(/\n/g, "<br>")}</p>`;
  const parts: string[] = [
    `<h1 style="font-size:20px;line-height:1.3;margin:0 0 16px;color:${INK}">${escapeHtml(letter.heading)}</h1>`,
    ...letter.paragraphs.map((text) => p(text)),
  ];
  if (letter.facts?.length) {
    const rows = letter.facts
      .map(
        ([label, value]) =>
          `<tr><th scope="row" style="text-align:left;padding:4px 12px 4px 0;color:${MUTED};font-weight:600;vertical-align:top">${escapeHtml(label)}</th>` +
          `<td style="padding:4px 0;vertical-align:top">${escapeHtml(value).replace(/\n/g, "<br>")}</td></tr>`,
      )
      .join("");
    parts.push(`<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${rows}</table>`);
  }
  for (const list of letter.lists ?? []) {
    parts.push(`<h2 style="font-size:15px;margin:0 0 8px;color:${INK}">${escapeHtml(list.title)}</h2>`);
    if (!list.items.length && list.empty) parts.push(p(list.empty, `color:${MUTED}`));
    if (list.items.length) {
      const items = list.items
        .map((item) =>
          item.url
            ? `<li style="margin:0 0 6px"><a href="${escapeHtml(item.url)}" style="color:${LINK}">${escapeHtml(item.text)}</a></li>`
            : `<li style="margin:0 0 6px">${escapeHtml(item.text)}</li>`,
        )
        .join("");
      parts.push(`<ul style="margin:0 0 16px;padding-left:20px">${items}</ul>`);
    }
  }
  if (letter.action) {
    parts.push(
      `<p style="margin:8px 0 20px"><a href="${escapeHtml(letter.action.url)}" style="display:inline-block;background:${BRAND};color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(letter.action.label)}</a></p>`,
    );
  }
  const footer = letter.footer.map((text) => escapeHtml(text)).join("<br>");
  const footerLink = letter.footerLink
    ? `<br><a href="${escapeHtml(letter.footerLink.url)}" style="color:${MUTED}">${escapeHtml(letter.footerLink.label)}</a>`
    : "";
  parts.push(
    `<p style="margin:24px 0 0;padding-top:12px;border-top:1px solid #dcd8cf;font-size:13px;color:${MUTED};line-height:1.5">${footer}${footerLink}</p>`,
  );
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(letter.subject)}</title></head>` +
    `<body style="margin:0;padding:24px;background:#f6f4ef;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:15px;color:${INK}">` +
    `<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:28px">` +
    `<p style="margin:0 0 18px;font-size:13px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:${EYEBROW}">Frontline</p>` +
    `${parts.join("")}</div></body></html>`
  );
}
