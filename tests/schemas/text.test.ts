/**
 * Every form refuses invisible control characters in every field it keeps as text. The forms are
 * found by walking every module in app/schemas: each exported schema (and each schema-making
 * function) needs a valid example here, and then each of its fields is sent every control
 * character in turn. A field added later is walked too, so it fails here until it refuses them.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { textProblem, visibleLine } from "~/domain/text";
import { DepartmentSchema, ModuleSchema, PersonSchema } from "~/schemas/admin";
import { SignInSchema } from "~/schemas/auth";
import { CancelSessionSchema, editSessionSchema, HostNoteSchema, newSessionSchema } from "~/schemas/hosting";
import { ReflectionSchema } from "~/schemas/sessions";

const modules = import.meta.glob<Record<string, unknown>>("../../app/schemas/*.ts", { eager: true });

const NOW = Date.UTC(2027, 8, 1, 9, 0);
const kinds = [
  { id: 1, name: "Call-centre listen-in", defaultMinutes: 60, onSite: false },
  { id: 2, name: "Install", defaultMinutes: 240, onSite: true },
];

const sessionForm = {
  kindId: "1",
  date: "2027-10-19",
  startTime: "10:00",
  durationMinutes: "",
  meetingUrl: "https://meet.example.com/abc",
  location: "",
  customerName: "Acme Oy",
  seats: "3",
  departmentCap: "",
  notes: "Headset on mute.",
  repeat: "none",
  count: "",
  untilDate: "",
};

/** A form each schema takes as it is, as a browser would post it. */
const VALID: Record<string, Record<string, string>> = {
  DepartmentSchema: { name: "Sales", kind: "customer_facing", description: "Phones and chat." },
  DepartmentFormSchema: { intent: "update", id: "3", name: "Sales", kind: "back_office", description: "" },
  KindSchema: { name: "Listen-in", description: "Sit in.", defaultMinutes: "60", onSite: "remote", active: "on" },
  ModuleSchema: {
    title: "Follow up",
    summary: "Calls back.",
    guide: "Read the notes.",
    ruleKindId: "1",
    requiredCount: "2",
    validityDays: "",
  },
  PersonSchema: {
    name: "Ann Lee",
    email: "ann@example.com",
    title: "Agent",
    departmentId: "1",
    managerEmail: "bo@example.com",
    timeZone: "Europe/Helsinki",
    password: "",
  },
  StaffImportSchema: { intent: "preview", csv: "name,email,department", checked: "" },
  SignInSchema: { email: "ann@example.com", password: "correct horse", redirectTo: "/sessions" },
  ForgotPasswordSchema: { email: "ann@example.com" },
  SetPasswordSchema: { password: "correct horse battery", confirm: "correct horse battery" },
  FeedChangeSchema: { intent: "turn-on", scope: "bookings" },
  MailChoicesSchema: {},
  OutboxFilterSchema: { person: "ann" },
  RetryMessageSchema: { intent: "retry" },
  SessionFiltersSchema: { view: "list", from: "2027-03-01" },
  BookSchema: { intent: "book" },
  CancelSchema: { intent: "cancel" },
  ReflectionSchema: { intent: "reflect", reflection: "The customer called back." },
  TeamFilterSchema: { department: "1" },
  TeamLinkSchema: { person: "2" },
  AssignSchema: { moduleId: "1", dueOn: "2027-03-12", personIds: "2", returnTo: "/team" },
  SignOffSchema: { intent: "sign-off", moduleId: "1", reason: "Seen on site." },
  WithdrawSchema: { intent: "withdraw", assignmentId: "3" },
  CancelSeatSchema: { intent: "cancel", confirm: "1", reason: "A customer call moved." },
  SignOffStepSchema: { intent: "sign-off", moduleId: "1", reason: "Seen on site.", confirm: "1" },
  UndoSignOffSchema: { intent: "undo-sign-off", completionId: "4", confirm: "1", reason: "Wrong module." },
  ConfirmLinkSchema: { confirm: "cancel", undo: "4" },
  BookReportSchema: { personId: "2" },
  MakePlanSchema: { intent: "plan", scope: "team", weeks: "2" },
  PlanViewSchema: { plan: "3", group: "person" },
  ApplyPlanSchema: { intent: "apply", plan: "3", line: "12" },
  AttendanceSchema: { intent: "attendance", bookingId: "1", status: "attended" },
  HostNoteSchema: { intent: "note", bookingId: "1", note: "Asked good questions." },
  CancelSessionSchema: { intent: "cancel", reason: "The customer moved it." },
};

/** The forms made for one page's facts (the host's zone, the session's kind), made here with examples. */
const MADE: Record<string, { schema: z.ZodType; valid: Record<string, string> }> = {
  newSessionSchema: {
    schema: newSessionSchema({ kinds, timeZone: "Europe/Helsinki", now: NOW }),
    valid: sessionForm,
  },
  editSessionSchema: {
    schema: editSessionSchema({ kind: kinds[0], timeZone: "Europe/Helsinki", now: NOW, inSeries: true }),
    valid: { ...sessionForm, scope: "following" },
  },
};

/** Fields that are never kept or shown as text, and what checks them instead. */
const NOT_KEPT: Record<string, Record<string, string>> = {
  SignInSchema: {
    password: "only compared with the stored hash",
    redirectTo: "the safe-redirect rule, which goes home instead",
  },
  AssignSchema: { returnTo: "the safe-redirect rule, which goes home instead" },
  StaffImportSchema: { csv: "the import, on the line that has it (tests/domain/staff-import-text.test.ts)" },
};

/** The boxes of several lines, where tabs and line breaks are kept. */
const SEVERAL_LINES: Record<string, string[]> = {
  DepartmentSchema: ["description"],
  DepartmentFormSchema: ["description"],
  KindSchema: ["description"],
  ModuleSchema: ["summary", "guide"],
  ReflectionSchema: ["reflection"],
  SignOffSchema: ["reason"],
  CancelSeatSchema: ["reason"],
  SignOffStepSchema: ["reason"],
  UndoSignOffSchema: ["reason"],
  HostNoteSchema: ["note"],
  CancelSessionSchema: ["reason"],
  newSessionSchema: ["notes"],
  editSessionSchema: ["notes"],
};

const CONTROLS = {
  NUL: "\u0000",
  BEL: "\u0007",
  ESC: "\u001b",
  "bare CR": "\r",
  "vertical tab": "\u000b",
  DEL: "\u007f",
  "C1 NEL": "\u0085",
  "C1 CSI": "\u009b",
  "right-to-left override": "\u202e",
  "left-to-right embedding": "\u202a",
  "first-strong isolate": "\u2068",
  "pop directional isolate": "\u2069",
};

const BREAKS = { tab: "\t", "line feed": "\n", CRLF: "\r\n" };

interface FormUnderTest {
  name: string;
  schema: z.ZodType;
  valid: Record<string, string>;
}

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodPipe) return shapeOf(schema.in as z.ZodType);
  throw new Error("A form's schema is an object of fields");
}

function formsInSchemaModules(): FormUnderTest[] {
  const forms: FormUnderTest[] = [];
  for (const [path, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports)) {
      if (value instanceof z.ZodType) {
        const valid = VALID[name];
        if (!valid) throw new Error(`Give ${name} (${path}) a valid example in VALID`);
        forms.push({ name, schema: value, valid });
      } else if (typeof value === "function" && /Schema$/.test(name)) {
        const made = MADE[name];
        if (!made) throw new Error(`Make ${name} (${path}) with an example in MADE`);
        forms.push({ name, ...made });
      }
    }
  }
  return forms;
}

function post(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value instanceof Map) return [...value.values()].flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** What a form makes of one field's text: refused beside that field, or the text it keeps. */
function submit(form: FormUnderTest, field: string, text: string) {
  const submission = parseWithZod(post({ ...form.valid, [field]: text }), { schema: form.schema });
  if (submission.status === "success") return { refusedHere: [], kept: stringsIn(submission.value) };
  const errors = Object.entries(submission.error ?? {}).filter(
    ([name, messages]) => (name === field || name.startsWith(`${field}[`)) && messages?.length,
  );
  return { refusedHere: errors.flatMap(([, messages]) => messages ?? []), kept: [] };
}

const forms = formsInSchemaModules();

describe("every form field kept as text", () => {
  it("finds every form, with an example each form takes as it is", () => {
    expect(forms.length).toBeGreaterThan(25);
    for (const form of forms) {
      const submission = parseWithZod(post(form.valid), { schema: form.schema });
      const errors = submission.status === "success" ? null : submission.error;
      expect(submission.status, `${form.name}: ${JSON.stringify(errors)}`).toBe("success");
    }
  });

  for (const [what, control] of Object.entries(CONTROLS)) {
    it(`refuses a ${what} beside the field, or keeps none of it`, () => {
      for (const form of forms) {
        for (const field of Object.keys(shapeOf(form.schema))) {
          if (NOT_KEPT[form.name]?.[field]) continue;
          const { refusedHere, kept } = submit(form, field, `Ann${control}Lee`);
          const where = `${form.name}.${field}`;
          expect(refusedHere.length > 0 || !kept.some((text) => text.includes(control)), where).toBe(true);
        }
      }
    });
  }

  for (const [what, lineBreak] of Object.entries(BREAKS)) {
    it(`keeps a ${what} only in a box of several lines`, () => {
      for (const form of forms) {
        for (const field of Object.keys(shapeOf(form.schema))) {
          if (NOT_KEPT[form.name]?.[field]) continue;
          const severalLines = SEVERAL_LINES[form.name]?.includes(field) ?? false;
          const { refusedHere, kept } = submit(form, field, `Line one${lineBreak}line two`);
          const where = `${form.name}.${field}`;
          if (severalLines) {
            expect(refusedHere, where).toEqual([]);
            expect(kept, where).toContain(`Line one${lineBreak === "\t" ? "\t" : "\n"}line two`);
          } else {
            expect(refusedHere.length > 0 || !kept.some((text) => /[\t\n\r]/.test(text)), where).toBe(true);
          }
        }
      }
    });
  }

  it("names the fields of several lines that exist", () => {
    const byName = new Map(forms.map((form) => [form.name, form]));
    for (const [name, fields] of Object.entries(SEVERAL_LINES)) {
      const form = byName.get(name);
      expect(form, name).toBeDefined();
      for (const field of fields) expect(Object.keys(shapeOf(form!.schema)), name).toContain(field);
    }
  });
});

describe("the sentence beside the field", () => {
  const errorsOf = (schema: z.ZodType, fields: Record<string, string>) => {
    const submission = parseWithZod(post(fields), { schema });
    return (submission.status === "success" ? null : submission.error) ?? {};
  };

  it("says to remove the invisible control character, and only that", () => {
    expect(errorsOf(PersonSchema, { ...VALID.PersonSchema, name: "Ann\u0000" }).name).toEqual([
      "Remove the invisible control character from the name.",
    ]);
    expect(errorsOf(PersonSchema, { ...VALID.PersonSchema, email: "ann@example.com\u001b" }).email).toEqual([
      "Remove the invisible control character from the email.",
    ]);
    expect(errorsOf(ReflectionSchema, { intent: "reflect", reflection: "Good\u202e call" }).reflection).toEqual([
      "Remove the invisible control character from your reflection.",
    ]);
    expect(errorsOf(HostNoteSchema, { ...VALID.HostNoteSchema, note: "Late\rcame in" }).note).toEqual([
      "Remove the invisible control character from the note.",
    ]);
    expect(errorsOf(CancelSessionSchema, { ...VALID.CancelSessionSchema, reason: "\u0007" }).reason).toEqual([
      "Remove the invisible control character from the reason.",
    ]);
  });

  it("asks for one line when a single-line field has a tab or a line break", () => {
    expect(errorsOf(DepartmentSchema, { ...VALID.DepartmentSchema, name: "Sales\tEast" }).name).toEqual([
      "Keep the name on one line: remove the tab or line break.",
    ]);
    expect(errorsOf(PersonSchema, { ...VALID.PersonSchema, title: "Agent\r\n" }).title).toEqual([
      "Keep the job title on one line: remove the tab or line break.",
    ]);
  });

  it("checks the text as it was sent, before spaces are trimmed", () => {
    expect(errorsOf(PersonSchema, { ...VALID.PersonSchema, name: "Ann Lee\u000b" }).name).toEqual([
      "Remove the invisible control character from the name.",
    ]);
  });

  it("tells a session's text details beside each, with every other problem at once", () => {
    const result = newSessionSchema({ kinds, timeZone: "Europe/Helsinki", now: NOW }).safeParse({
      ...sessionForm,
      customerName: "Acme\u0000",
      meetingUrl: "https://meet.example.com/a\tb",
      notes: "Bring a\u001b[31m headset",
      seats: "0",
    });
    const errors: Record<string, string[]> = {};
    for (const issue of result.error?.issues ?? []) (errors[String(issue.path[0])] ??= []).push(issue.message);
    expect(errors).toEqual({
      customerName: ["Remove the invisible control character from the customer name."],
      meetingUrl: ["Keep the meeting link on one line: remove the tab or line break."],
      notes: ["Remove the invisible control character from the notes."],
      seats: ["Seats must be a whole number from 1 to 50."],
    });
  });

  it("keeps a session's notes with their line breaks read as LF", () => {
    const result = newSessionSchema({ kinds, timeZone: "Europe/Helsinki", now: NOW }).safeParse({
      ...sessionForm,
      notes: "Bring a headset.\r\n\tSpare batteries too.",
    });
    expect(result.success && result.data.details.notes).toBe("Bring a headset.\n\tSpare batteries too.");
  });

  it("reads a module's guide with LF line breaks, trimmed", () => {
    const result = parseWithZod(post({ ...VALID.ModuleSchema, guide: "  One\r\nTwo\r\n" }), { schema: ModuleSchema });
    expect(result.status === "success" && result.value.guide).toBe("One\nTwo");
  });

  it("refuses half of a surrogate pair, which only a program can send", () => {
    // A browser's form data cannot carry one: it arrives as U+FFFD. Sent as a value, it is refused.
    expect(PersonSchema.safeParse({ ...VALID.PersonSchema, departmentId: 1, name: "Ann \ud83d" }).success).toBe(false);
    expect(PersonSchema.safeParse({ ...VALID.PersonSchema, departmentId: 1, name: "Ann \ud83d\ude00" }).success).toBe(
      true,
    );
  });

  it("signs in with a password as it was set, whatever it holds", () => {
    const result = parseWithZod(post({ ...VALID.SignInSchema, password: "old\u0007secret" }), { schema: SignInSchema });
    expect(result.status).toBe("success");
  });
});

describe("the rule itself", () => {
  it("lets any script and emoji through, and refuses what cannot be seen", () => {
    expect(textProblem("Åsa Öberg — 東京 — مرحبا — 😀", "line")).toBeNull();
    expect(textProblem("first\nsecond\tthird", "lines")).toBeNull();
    expect(textProblem("first\nsecond", "line")).toBe("line-break");
    for (const control of Object.values(CONTROLS)) expect(textProblem(`a${control}b`, "lines")).toBe("control");
    expect(textProblem("a\ud800b", "line")).toBe("control");
    expect(textProblem("a\udc00", "line")).toBe("control");
    // A control character is the problem to tell first, even after a tab.
    expect(textProblem("a\tb\u0000", "line")).toBe("control");
  });

  it("shows refused text with its hidden characters made visible", () => {
    expect(visibleLine("Ann\u202eLee\t\u0000😀")).toBe("Ann\uFFFDLee \uFFFD😀");
  });
});
