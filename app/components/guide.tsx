import { guideBlocks } from "~/domain/guide";

/**
 * A module's guide as people read it: paragraphs, and "- " lines as a bulleted list.
 * Presentational only; pass the saved text.
 */
export function Guide({ text, className }: { text: string; className?: string }) {
  const blocks = guideBlocks(text);
  if (blocks.length === 0) return null;
  return (
    <div className={className ? `guide ${className}` : "guide"}>
      {blocks.map((block, i) =>
        block.type === "paragraph" ? (
          <p key={i}>{block.text}</p>
        ) : (
          <ul key={i}>
            {block.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ),
      )}
    </div>
  );
}
