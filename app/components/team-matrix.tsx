import { useEffect, useRef, useState } from "react";
import type { ModuleStanding } from "~/domain/completion";
import { STANDING_TONES } from "~/domain/team";
import { ListLink } from "~/components/list-link";

/** The matrix as the team page draws it; the page's loader gives these. */
export interface MatrixView {
  columns: { id: number; title: string; core: boolean }[];
  rows: {
    member: { id: number; name: string; title: string; departmentName: string };
    cells: ({ standing: ModuleStanding; label: string; note: string } | null)[];
    done: number;
    total: number;
  }[];
}

/** Before the page can measure, a table of this many modules is taken to be wider than the screen. */
const LIKELY_WIDER = 5;

/** Whether the frame has more to show to the left and to the right of what is in sight. */
function useMoreToSee(frame: React.RefObject<HTMLDivElement | null>, guess: boolean) {
  const [more, setMore] = useState({ left: false, right: guess });
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => {
      const left = element.scrollLeft > 1;
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
      setMore((was) => (was.left === left && was.right === right ? was : { left, right }));
    };
    measure();
    element.addEventListener("scroll", measure, { passive: true });
    const resized = new ResizeObserver(measure);
    resized.observe(element);
    return () => {
      element.removeEventListener("scroll", measure);
      resized.disconnect();
    };
  }, [frame]);
  return more;
}

/**
 * People × modules. On a wide screen the person column stays put while the modules scroll
 * sideways inside their own frame; a shadow at the edge and a line of text say there is more.
 * On a phone the same rows are drawn as a card per person (team.css): the modules they hold, each
 * named beside its standing, and nothing for the ones they don't.
 */
export function MatrixTable({ matrix, label }: { matrix: MatrixView; label: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const more = useMoreToSee(frame, matrix.columns.length >= LIKELY_WIDER);
  return (
    <>
      <p className="matrix-scroll-hint small muted" hidden={!more.right && !more.left}>
        {more.right ? (
          <>
            Scroll sideways for more modules <span aria-hidden="true">→</span>
          </>
        ) : (
          <>
            <span aria-hidden="true">←</span> Scroll back for the first modules
          </>
        )}
      </p>
      <div className="matrix-frame" data-more-left={more.left || undefined} data-more-right={more.right || undefined}>
        {/* A scrolling frame must take the focus, or a keyboard cannot scroll it. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div className="table-wrap matrix-wrap" role="region" aria-label={label} tabIndex={0} ref={frame}>
          <table className="matrix">
            <thead>
              <tr>
                <th scope="col" className="matrix-person">
                  Person
                </th>
                {matrix.columns.map((column) => (
                  <th scope="col" key={column.id} className="matrix-module">
                    {column.title}
                    {column.core ? <span className="matrix-core">Core</span> : null}
                  </th>
                ))}
                <th scope="col" className="matrix-done">
                  Done
                </th>
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((row) => (
                <tr key={row.member.id} className={row.total === 0 ? "matrix-row-empty" : undefined}>
                  <th scope="row" className="matrix-person">
                    <ListLink to={`/team/${row.member.id}`}>{row.member.name}</ListLink>
                    <span className="matrix-person-meta">{row.member.title || row.member.departmentName}</span>
                  </th>
                  {row.cells.map((cell, index) =>
                    cell ? (
                      <td
                        key={matrix.columns[index].id}
                        className={`matrix-cell matrix-${STANDING_TONES[cell.standing]}`}
                        data-module={matrix.columns[index].title}
                      >
                        <span className={`badge badge-${STANDING_TONES[cell.standing]}`}>{cell.label}</span>
                        <span className="matrix-note">{cell.note}</span>
                      </td>
                    ) : (
                      <td key={matrix.columns[index].id} className="matrix-cell matrix-none">
                        <span aria-hidden="true">—</span>
                        <span className="visually-hidden">Not assigned</span>
                      </td>
                    ),
                  )}
                  <td className="matrix-done">
                    {row.done} of {row.total}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
