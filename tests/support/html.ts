/**
 * Reading a server-rendered page the way a person does: its visible text (no scripts, no markup,
 * entities decoded), the links on it, and a field's current value by its label.
 */

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1].toLowerCase() === "x" ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return String.fromCodePoint(code);
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The words on the page, in order, with runs of space folded to one. */
export function visibleText(html: string): string {
  const body = html
    .replace(/<script[\s\S]*?<\/script>/gi, " ")
    .replace(/<style[\s\S]*?<\/style>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, " ");
  return decode(body).replace(/\s+/g, " ").trim();
}

export async function textOf(response: Response): Promise<string> {
  return visibleText(await response.text());
}

/** Every link target on the page. */
export function linksIn(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/gi)].map((m) => decode(m[1]));
}

/** What the field labelled `label` holds: an input's value or a textarea's text. */
export function fieldValue(html: string, label: string): string | undefined {
  const labelled = [...html.matchAll(/<label[^>]*for="([^"]+)"[^>]*>([\s\S]*?)<\/label>/gi)].find(
    (m) => visibleText(m[2]) === label,
  );
  if (!labelled) return undefined;
  const id = labelled[1].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const textarea = new RegExp(`<textarea[^>]*id="${id}"[^>]*>([\\s\\S]*?)</textarea>`, "i").exec(html);
  if (textarea) return decode(textarea[1]);
  const input = new RegExp(`<input[^>]*id="${id}"[^>]*>`, "i").exec(html);
  return input ? decode(/value="([^"]*)"/i.exec(input[0])?.[1] ?? "") : undefined;
}
