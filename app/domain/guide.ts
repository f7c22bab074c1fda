/**
 * A module's guide is plain text an admin types: paragraphs separated by blank lines, and lines
 * starting with "- " as list items. No markup language, so what is typed is what people read.
 */

export type GuideBlock = { type: "paragraph"; text: string } | { type: "list"; items: string[] };

export function guideBlocks(guide: string): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  for (const chunk of guide.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    let paragraph: string[] = [];
    let list: string[] = [];
    const flushParagraph = () => {
      if (paragraph.length > 0) blocks.push({ type: "paragraph", text: paragraph.join(" ") });
      paragraph = [];
    };
    const flushList = () => {
      if (list.length > 0) blocks.push({ type: "list", items: list });
      list = [];
    };
    for (const raw of chunk.split("\n")) {
      const line = raw.trim();
      if (line === "") continue;
      if (line.startsWith("- ") || line === "-") {
        flushParagraph();
        const item = line.slice(1).trim();
        if (item !== "") list.push(item);
      } else {
        flushList();
        paragraph.push(line);
      }
    }
    flushParagraph();
    flushList();
  }
  return blocks;
}
