import type { ReactNode } from "react";

/**
 * A table's scrolling frame. On a phone a wide table scrolls sideways, so the frame is a named,
 * focusable region: keyboard users can scroll it too.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // A scrolling frame must take the focus, or a keyboard cannot scroll it.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
