/**
 * The parts of the session forms that publishing and editing share: where the session happens,
 * for which customer, and who can come. Every detail a session carries has an input in
 * `DETAIL_INPUTS`, or is a plain text detail (TEXT_DETAILS, app/domain/hosting.ts) and has a text
 * input after the notes, so a new detail does not compile until the form asks for it.
 */
import type { FieldMetadata } from "@conform-to/react";
import { Fragment, useSyncExternalStore, type ReactNode } from "react";
import { CheckboxField, Field, TextareaField } from "~/components/forms";
import {
  CUSTOMER_MAX,
  LINK_MAX,
  LOCATION_MAX,
  NOTES_MAX,
  SEATS_MAX,
  TEXT_DETAIL_LIST,
  type SessionDetailField,
  type TextDetailField,
} from "~/domain/hosting";

// Conform's metadata of each detail field, whatever its value type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DetailFieldsMeta = Record<SessionDetailField, FieldMetadata<any, any, any>>;

interface DetailInputProps {
  fields: DetailFieldsMeta;
  /** Whether the chosen kind happens on site (an address) or remotely (a link). */
  onSite: boolean;
  /** Show both place fields, because the kind may change without a page load. */
  bothPlaces: boolean;
  seatsHint: string;
}

type Section = "Where" | "Customer" | "Who can come";

interface DetailInput {
  section: Section;
  /** Inputs side by side: consecutive inputs with `row` share a line. */
  row?: true;
  input: (props: DetailInputProps) => ReactNode;
}

const SECTIONS: readonly Section[] = ["Where", "Customer", "Who can come"];

const SPECIAL_INPUTS = {
  location: {
    section: "Where",
    row: true,
    input: ({ fields, onSite, bothPlaces }) =>
      onSite || bothPlaces ? (
        <Field
          meta={fields.location}
          label="Location"
          hint={
            bothPlaces
              ? "For on-site kinds, such as an install: the address or site."
              : "The address or site where shadows meet you."
          }
          inputProps={{ autoComplete: "street-address", maxLength: LOCATION_MAX }}
        />
      ) : null,
  },
  meetingUrl: {
    section: "Where",
    row: true,
    input: ({ fields, onSite, bothPlaces }) =>
      !onSite || bothPlaces ? (
        <Field
          meta={fields.meetingUrl}
          label="Meeting link"
          type="url"
          hint={
            bothPlaces
              ? "For remote kinds: the link shadows join, starting with https://."
              : "The link shadows join, starting with https://."
          }
          inputProps={{ inputMode: "url", placeholder: "https://", maxLength: LINK_MAX }}
        />
      ) : null,
  },
  customerName: {
    section: "Customer",
    input: ({ fields }) => (
      <Field
        meta={fields.customerName}
        label="Customer or account"
        hint="Optional. The household, business or account this session is with."
        inputProps={{ maxLength: CUSTOMER_MAX }}
      />
    ),
  },
  customerConfidential: {
    section: "Customer",
    input: ({ fields }) => (
      <CheckboxField
        meta={fields.customerConfidential}
        label="Confidential"
        hint="Only you, the shadows booked on it and admins see the customer's name; everyone else reads “Confidential customer”."
      />
    ),
  },
  seats: {
    section: "Who can come",
    row: true,
    input: ({ fields, seatsHint }) => (
      <Field
        meta={fields.seats}
        label="Seats"
        type="number"
        hint={seatsHint}
        inputProps={{ min: 1, max: SEATS_MAX, inputMode: "numeric" }}
      />
    ),
  },
  departmentCap: {
    section: "Who can come",
    row: true,
    input: ({ fields }) => (
      <Field
        meta={fields.departmentCap}
        label="Department cap"
        type="number"
        hint="Optional. The most shadows from any one department."
        inputProps={{ min: 1, max: SEATS_MAX, inputMode: "numeric" }}
      />
    ),
  },
  notes: {
    section: "Who can come",
    input: ({ fields }) => (
      <TextareaField
        meta={fields.notes}
        label="Notes for shadows"
        hint="Optional. What to prepare, where to wait, what to watch for."
        textareaProps={{ maxLength: NOTES_MAX }}
      />
    ),
  },
} satisfies Record<Exclude<SessionDetailField, TextDetailField>, DetailInput>;

/** A plain text detail: one line of text, after the notes. */
const TEXT_INPUTS = Object.fromEntries(
  TEXT_DETAIL_LIST.map(([field, { label, max, hint }]): [TextDetailField, DetailInput] => [
    field,
    {
      section: "Who can come",
      input: ({ fields }) => (
        <Field meta={fields[field]} label={label} hint={hint ?? "Optional."} inputProps={{ maxLength: max }} />
      ),
    },
  ]),
) as Record<TextDetailField, DetailInput>;

const DETAIL_INPUTS: Record<SessionDetailField, DetailInput> = { ...SPECIAL_INPUTS, ...TEXT_INPUTS };

/** A section's inputs, consecutive `row` inputs grouped on one line. */
function linesOf(section: Section): DetailInput[][] {
  const lines: DetailInput[][] = [];
  for (const input of Object.values(DETAIL_INPUTS) as DetailInput[]) {
    if (input.section !== section) continue;
    const last = lines[lines.length - 1];
    if (input.row && last?.[0].row) last.push(input);
    else lines.push([input]);
  }
  return lines;
}

/** Where and for whom: place or link (by the kind), customer, seats, cap and notes. */
export function SessionDetailsFields({
  fields,
  onSite,
  bothPlaces,
  seatsHint = `How many shadows can join, 1 to ${SEATS_MAX}.`,
}: Omit<DetailInputProps, "seatsHint"> & { seatsHint?: string }) {
  const props = { fields, onSite, bothPlaces, seatsHint };
  return (
    <>
      {SECTIONS.map((section) => (
        <fieldset className="form-section" key={section}>
          <legend>{section}</legend>
          {linesOf(section).map((line, index) =>
            line[0].row ? (
              <div className="field-row" key={index}>
                {line.map((input, at) => (
                  <Fragment key={at}>{input.input(props)}</Fragment>
                ))}
              </div>
            ) : (
              <Fragment key={index}>{line[0].input(props)}</Fragment>
            ),
          )}
        </fieldset>
      ))}
    </>
  );
}

const noChanges = () => () => {};

/** True once the page runs in the browser, so fields that need script can adapt (false in the server's HTML). */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
}
