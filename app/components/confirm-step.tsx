/**
 * One confirmation step: what will happen, in words, then the form that does it and a way back.
 * It is a part of the page (opened by a link such as `?confirm=cancel`, or by a form sent without
 * its `confirm` flag), so it works the same with JavaScript off; with JavaScript on it opens in
 * place and takes the keyboard focus, so the next Tab reaches its reason and its button.
 */
import { Link } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

export function ConfirmStep({
  id = "confirm",
  heading,
  level = 2,
  card = true,
  children,
}: {
  /** The step's id, for links that end in `#confirm`. */
  id?: string;
  /** A question: "Cancel your seat?". */
  heading: ReactNode;
  /** 3 where the step sits inside a card that has its own h2. */
  level?: 2 | 3;
  /** False where the step replaces a card's content rather than standing as a card of its own. */
  card?: boolean;
  children: ReactNode;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <section
      className={card ? "card confirm-step" : "confirm-step confirm-step-inline"}
      aria-labelledby={`${id}-heading`}
      id={id}
    >
      <Heading id={`${id}-heading`} ref={headingRef} tabIndex={-1} className="confirm-heading">
        {heading}
      </Heading>
      {children}
    </section>
  );
}

/**
 * The step's two ways out: the button that acts, and a link back that changes nothing. The
 * `confirm` flag rides in the form, so only this button's press acts.
 */
export function ConfirmActions({
  confirmLabel,
  backTo,
  backLabel,
  busy,
}: {
  confirmLabel: string;
  backTo: string;
  backLabel: string;
  busy: boolean;
}) {
  return (
    <div className="confirm-actions">
      <input type="hidden" name="confirm" value="1" />
      <button type="submit" className="button button-danger" disabled={busy}>
        {confirmLabel}
      </button>
      <Link to={backTo} className="button button-secondary" replace preventScrollReset>
        {backLabel}
      </Link>
    </div>
  );
}
