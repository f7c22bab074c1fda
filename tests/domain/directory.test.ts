import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalTimeZone,
  cycleThrough,
  managerCycles,
  peopleSearchFrom,
  refusalMessage,
  refusalReply,
  sameName,
  timeZoneChoices,
} from "~/domain/directory";
import {
  detectDelimiter,
  parseCsv,
  planStaffImport,
  type DirectoryPerson,
  type DirectorySnapshot,
} from "~/domain/staff-import";

const HEADER = "name,email,department,title,manager_email,time_zone,roles";

function person(fields: Partial<DirectoryPerson> & Pick<DirectoryPerson, "id" | "email" | "name">): DirectoryPerson {
  return {
    title: "",
    departmentId: 1,
    managerEmail: null,
    timeZone: "Europe/Helsinki",
    isHost: false,
    isManager: false,
    isAdmin: false,
    active: true,
    ...fields,
  };
}

const directory: DirectorySnapshot = {
  departments: [
    { id: 1, name: "Accounting" },
    { id: 2, name: "Sales" },
  ],
  people: [
    person({
      id: 10,
      email: "admin@example.com",
      name: "Ada Admin",
      isAdmin: true,
    }),
    person({
      id: 11,
      email: "boss@example.com",
      name: "Bo Boss",
      isManager: true,
    }),
    person({
      id: 12,
      email: "emma@example.com",
      name: "Emma Korhonen",
      title: "Accountant",
      managerEmail: "boss@example.com",
    }),
    person({
      id: 13,
      email: "gone@example.com",
      name: "Gone Person",
      active: false,
    }),
  ],
};

const file = (...lines: string[]) => [HEADER, ...lines].join("\n");

describe("reading CSV", () => {
  it("splits plain values and lines", () => {
    expect(parseCsv("a,b,c\n1,2,3\n")).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ["a", "b", "c"] },
        { line: 2, fields: ["1", "2", "3"] },
      ],
    });
  });

  it("keeps commas, doubled quotes and line breaks inside quoted values", () => {
    const result = parseCsv('name,note\n"Ruiz, Ana","She said ""hi""\nand left"\nNext,one');
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ["name", "note"] },
        { line: 2, fields: ["Ruiz, Ana", 'She said "hi"\nand left'] },
        { line: 4, fields: ["Next", "one"] },
      ],
    });
  });

  it("reads CRLF and CR line ends, skips a byte-order mark and blank lines, keeps empty values", () => {
    const result = parseCsv('\uFEFFa,b\r\n\r\n1,\r2,""\r\n');
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ["a", "b"] },
        { line: 3, fields: ["1", ""] },
        { line: 4, fields: ["2", ""] },
      ],
    });
  });

  it("says which line has a quote that never closes", () => {
    const result = parseCsv('a,b\n1,"open\n2,3');
    expect(result).toMatchObject({ ok: false, line: 2 });
    if (!result.ok) expect(result.message).toContain("line 2 never ends");
  });

  it("says which line a quote that never closes starts on, past blank lines", () => {
    const result = parseCsv('a,b\n\n  \n1,"open\n2,3');
    expect(result).toMatchObject({ ok: false, line: 4 });
    if (!result.ok)
      expect(result.message).toBe("A quoted value that starts on line 4 never ends. Add the closing quote.");
  });

  it("refuses text after a closing quote, and a quote inside an unquoted value, naming the line", () => {
    const tail = parseCsv('a\n"quoted"tail');
    expect(tail).toMatchObject({ ok: false, line: 2 });
    if (!tail.ok) expect(tail.message).toContain("Line 2 has text after a closing quote.");
    const inside = parseCsv('a,b\nSam,O"Neil');
    expect(inside).toMatchObject({ ok: false, line: 2 });
  });

  it("counts a line break inside a quoted value as a line, CRLF or not, and letters of any width as one", () => {
    const result = parseCsv('"Ääni\r\nja 😀",x\r\n"b\rc",y\nlast,z');
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ["Ääni\r\nja 😀", "x"] },
        { line: 3, fields: ["b\rc", "y"] },
        { line: 5, fields: ["last", "z"] },
      ],
    });
  });

  it("reads back whatever a writer that quotes every value wrote", () => {
    const value = fc.string({
      unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r\n", " ", "é"),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 2, maxLength: 4 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const text = rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(",")).join("\r\n");
          const parsed = parseCsv(text);
          expect(parsed.ok).toBe(true);
          if (parsed.ok) expect(parsed.rows.map((r) => r.fields)).toEqual(rows);
        },
      ),
    );
  });

  it("finds the delimiter from the header line: comma, semicolon or tab", () => {
    expect(detectDelimiter(HEADER)).toBe(",");
    expect(detectDelimiter("name;email;department")).toBe(";");
    expect(detectDelimiter("name\temail\tdepartment\nx,y")).toBe("\t");
  });
});

describe("planning a staff-directory import", () => {
  it("creates new emails and updates existing ones, saying what changes", () => {
    const plan = planStaffImport(
      file(
        "Mira Salo,mira@example.com,Sales,Sales representative,boss@example.com,Europe/London,host",
        "Emma Korhonen,EMMA@example.com,Accounting,Senior accountant,boss@example.com,,",
        "Bo Boss,boss@example.com,Accounting,,,Europe/Helsinki,manager",
      ),
      directory,
      10,
    );
    expect(plan.ready).toBe(true);
    expect(plan.counts).toEqual({
      create: 1,
      update: 1,
      unchanged: 1,
      withProblems: 0,
    });
    const [mira, emma, bo] = plan.lines;
    expect(mira).toMatchObject({ action: "create", personId: null });
    expect(mira.record).toMatchObject({
      departmentId: 2,
      managerEmail: "boss@example.com",
      timeZone: "Europe/London",
      isHost: true,
    });
    expect(emma).toMatchObject({
      action: "update",
      personId: 12,
      email: "emma@example.com",
    });
    expect(emma.changes).toEqual([{ field: "title", from: "Accountant", to: "Senior accountant" }]);
    expect(bo.action).toBe("unchanged");
  });

  it("lets a manager be someone later in the same file", () => {
    const plan = planStaffImport(
      file(
        "New Report,report@example.com,Sales,,newboss@example.com,UTC,",
        "New Boss,newboss@example.com,Sales,Head of sales,,UTC,manager host",
      ),
      directory,
      10,
    );
    expect(plan.ready).toBe(true);
    expect(plan.lines[0].record?.managerEmail).toBe("newboss@example.com");
  });

  it("gives each bad line its own sentence and is not ready", () => {
    const plan = planStaffImport(
      file(
        "Good Person,good@example.com,Sales,,,UTC,",
        "No Dept,nodept@example.com,Marketing,,,UTC,",
        "Bad Mail,not-an-email,Sales,,,UTC,",
        "Again,good@example.com,Sales,,,UTC,",
        "Who Boss,who@example.com,Sales,,nobody@example.com,UTC,",
        "Bad Zone,zone@example.com,Sales,,,Mars/Olympus,",
        "Bad Role,role@example.com,Sales,,,UTC,boss",
        "Short,short@example.com,Sales",
        "Off Boss,offboss@example.com,Sales,,gone@example.com,UTC,",
      ),
      directory,
      10,
    );
    expect(plan.ready).toBe(false);
    const problemsOf = (line: number) => plan.lines.find((l) => l.line === line)!.problems.join(" ");
    expect(problemsOf(2)).toBe("");
    expect(problemsOf(3)).toContain('There is no department called "Marketing"');
    expect(problemsOf(4)).toContain('"not-an-email" isn\'t an email address');
    expect(problemsOf(5)).toContain("good@example.com is already on line 2 of this file");
    expect(problemsOf(6)).toContain("No one with the email nobody@example.com");
    expect(problemsOf(7)).toContain('"Mars/Olympus" isn\'t a time zone');
    expect(problemsOf(8)).toContain('"boss" isn\'t a role');
    expect(problemsOf(9)).toContain("This line has 3 values but the header has 7");
    expect(problemsOf(10)).toContain("is switched off");
    expect(plan.counts.withProblems).toBe(8);
  });

  it("refuses managers that would go round in a circle, naming everyone in it", () => {
    const plan = planStaffImport(
      file(
        "Bo Boss,boss@example.com,Accounting,,emma@example.com,,manager",
        "Self Managed,self@example.com,Sales,,self@example.com,,",
      ),
      directory,
      10,
    );
    expect(plan.ready).toBe(false);
    expect(plan.lines[0].problems[0]).toMatch(
      /circle: Bo Boss → Emma Korhonen → Bo Boss|circle: Emma Korhonen → Bo Boss → Emma Korhonen/,
    );
    expect(plan.lines[1].problems).toContain("A person can't be their own manager.");
  });

  it("won't let the admin running the import take away their own admin role", () => {
    const plan = planStaffImport(file("Ada Admin,admin@example.com,Accounting,,,,host"), directory, 10);
    expect(plan.lines[0].problems[0]).toContain("takes the admin role away from you");
  });

  it("leaves out columns that aren't in the header, and keeps a blank zone as it was", () => {
    const plan = planStaffImport(
      "name,email,department,time_zone\nEmma Korhonen,emma@example.com,Accounting,",
      directory,
      10,
    );
    expect(plan.lines[0]).toMatchObject({ action: "unchanged" });
    expect(plan.lines[0].record).toMatchObject({
      title: "Accountant",
      managerEmail: "boss@example.com",
      timeZone: "Europe/Helsinki",
    });
  });

  it("reads semicolon and tab separated files", () => {
    const semicolons = planStaffImport(
      HEADER.replace(/,/g, ";") + "\nA Person;a@example.com;Sales;;;UTC;",
      directory,
      10,
    );
    const tabs = planStaffImport(
      HEADER.replace(/,/g, "\t") + "\nA Person\ta@example.com\tSales\t\t\tUTC\t",
      directory,
      10,
    );
    expect(semicolons.ready).toBe(true);
    expect(tabs.ready).toBe(true);
  });

  it("explains a wrong header, an empty file and a file without people", () => {
    expect(planStaffImport("", directory, 10).fileProblems[0]).toContain("The file is empty");
    expect(
      planStaffImport("full name,email,department\nA,a@example.com,Sales", directory, 10).fileProblems.join(" "),
    ).toContain('the column "full_name"');
    expect(planStaffImport(HEADER, directory, 10).fileProblems).toContain(
      "The file has a header but no people under it.",
    );
  });

  it("notes that a switched-off person stays switched off", () => {
    const plan = planStaffImport(file("Gone Person,gone@example.com,Accounting,New title,,,"), directory, 10);
    expect(plan.lines[0].notes[0]).toContain("keeps them switched off");
  });

  it("plans ten thousand lines quickly", () => {
    const lines = Array.from(
      { length: 10_000 },
      (_, i) => `Person ${i},p${i}@example.com,Sales,,${i > 0 ? `p${i - 1}@example.com` : ""},UTC,`,
    );
    const started = performance.now();
    const plan = planStaffImport(file(...lines), directory, 10);
    expect(plan.ready).toBe(true);
    expect(plan.counts.create).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("reporting lines", () => {
  it("finds every circle once", () => {
    const managerOf = new Map<string, string | null>([
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["d", "a"],
      ["e", null],
      ["f", "f"],
    ]);
    const cycles = managerCycles(managerOf).map((c) => [...c].sort().join(""));
    expect(cycles.sort()).toEqual(["abc", "f"]);
  });

  it("says when a new manager already reports to the person", () => {
    const line = [
      { id: 3, name: "Cara" },
      { id: 2, name: "Bea" },
      { id: 1, name: "Ann" },
    ];
    expect(cycleThrough(1, line)).toEqual(["Cara", "Bea", "Ann"]);
    expect(cycleThrough(9, line)).toBeNull();
    expect(
      refusalMessage({
        code: "manager_cycle",
        person: "Ann",
        manager: "Cara",
        chain: ["Cara", "Bea", "Ann"],
      }),
    ).toBe("Cara can't be Ann's manager: Cara already reports to Ann (Cara → Bea → Ann).");
  });
});

describe("words", () => {
  it("compares names without case and knows zone names", () => {
    expect(sameName(" sales ", "SALES")).toBe(true);
    expect(sameName("Ääni", "ääni")).toBe(true);
    expect(canonicalTimeZone("europe/london")).toBe("Europe/London");
    expect(canonicalTimeZone("+02:00")).toBeNull();
    expect(canonicalTimeZone("")).toBeNull();
    const zones = timeZoneChoices("Etc/GMT+5");
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/Helsinki");
    expect(zones).toContain("Etc/GMT+5");
  });

  it("puts a refusal's sentence beside its field, or above the form when it is about no field", () => {
    expect(refusalReply({ code: "manager_self" })).toEqual({
      fieldErrors: { managerEmail: ["A person can't be their own manager."] },
    });
    expect(refusalReply({ code: "not_found" })).toEqual({ formErrors: ["That record doesn't exist."] });
  });

  it("reads the directory's filters, ignoring what it can't read", () => {
    expect(peopleSearchFrom(new URLSearchParams("q=%20emma%20&department=3&role=host&status=all&page=2"))).toEqual({
      q: "emma",
      departmentId: 3,
      managerId: null,
      role: "host",
      status: "all",
      page: 2,
    });
    expect(peopleSearchFrom(new URLSearchParams("department=x&role=boss&status=maybe&page=-1"))).toMatchObject({
      departmentId: null,
      role: null,
      status: "active",
      page: 1,
    });
  });
});
