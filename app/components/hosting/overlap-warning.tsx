/**
 * The step between a new time and saving it: who holds another booking at the new time, and so
 * would lose their place on this session. It sits inside the edit form, so its confirm button
 * sends everything typed again, with or without JavaScript.
 */
import { useEffect, useRef } from "react";

export interface OverlapsToConfirm {
  /** What the host is shown, as the edit compares it when they confirm. */
  key: string;
  /** The places changed between the host's look and their confirmation (someone booked meanwhile). */
  listChanged: boolean;
  people: {
    bookingId: number;
    personName: string;
    place: "seat" | "waitlist place";
    /** The moved session's new time, in the viewer's zone. */
    movedTo: string;
    keptTitle: string;
    keptWhen: string;
  }[];
}

export function OverlapWarning({
  overlaps,
  confirmName,
  timeFieldId,
  busy,
}: {
  overlaps: OverlapsToConfirm;
  confirmName: string;
  /** The date field, where "Choose another time" takes the host. */
  timeFieldId: string;
  busy: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Like a refused form, the step takes the focus, so a keyboard or screen-reader user reads it first.
  useEffect(() => heading.current?.focus(), [overlaps.key]);
  const count = overlaps.people.length;
  const movedTimes = new Set(overlaps.people.map((p) => p.movedTo));
  return (
    <div className="notice notice-warn overlap-warning">
      <h2 id="overlap-heading" ref={heading} tabIndex={-1}>
        {count === 1
          ? "The new time overlaps another booking of 1 person"
          : `The new time overlaps other bookings of ${count} people`}
      </h2>
      {overlaps.listChanged ? (
        <p>
          <strong>The list changed since you looked</strong> — someone booked or cancelled meanwhile. Check it again.
        </p>
      ) : null}
      <p>
        Nobody can hold two bookings at the same time, so saving releases {count === 1 ? "their place" : "their places"}{" "}
        on this session and keeps the other booking. Each person is told by e-mail which booking overlaps, and can
        cancel that one and book here again if they prefer.
      </p>
      <ul className="overlap-list" aria-labelledby="overlap-heading">
        {overlaps.people.map((person) => (
          <li key={person.bookingId}>
            <strong>{person.personName}</strong> loses their {person.place}
            {movedTimes.size > 1 ? ` on ${person.movedTo}` : ""}: already booked on {person.keptTitle},{" "}
            {person.keptWhen}.
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-danger-solid"
          name={confirmName}
          value={overlaps.key}
          disabled={busy}
        >
          {count === 1 ? "Save and release 1 place" : `Save and release ${count} places`}
        </button>
        <a href={`#${timeFieldId}`} className="button button-secondary">
          Choose another time
        </a>
      </div>
    </div>
  );
}
