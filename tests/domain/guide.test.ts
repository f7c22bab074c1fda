import { describe, expect, it } from "vitest";
import { guideBlocks } from "~/domain/guide";

describe("a module's guide", () => {
  it("splits paragraphs on blank lines and joins a paragraph's lines", () => {
    expect(guideBlocks("First line\nstill first.\n\n  \nSecond.")).toEqual([
      { type: "paragraph", text: "First line still first." },
      { type: "paragraph", text: "Second." },
    ]);
  });

  it('turns lines starting with "- " into a list, after the paragraph that leads in', () => {
    expect(guideBlocks("What to watch for:\n- the first sentence\n- the call's end\r\n\r\nAsk questions.")).toEqual([
      { type: "paragraph", text: "What to watch for:" },
      { type: "list", items: ["the first sentence", "the call's end"] },
      { type: "paragraph", text: "Ask questions." },
    ]);
  });

  it("keeps a dash without a space as text and ignores empty items", () => {
    expect(guideBlocks("-5 degrees outside\n- \n- wear boots")).toEqual([
      { type: "paragraph", text: "-5 degrees outside" },
      { type: "list", items: ["wear boots"] },
    ]);
  });

  it("has nothing to show for an empty guide", () => {
    expect(guideBlocks("  \n\n ")).toEqual([]);
  });
});
