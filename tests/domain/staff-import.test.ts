import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  planStaffImport,
  rejectedLines,
  type DirectoryPerson,
  type DirectorySnapshot,
  type ImportPlan,
} from "~/domain/staff-import";

const HEADER = "name,email,department,title,manager_email,time_zone,roles";

function person(id: number, name: string, managerEmail: string | null = null): DirectoryPerson {
  return {
    id,
    email: `${name.toLowerCase()}@example.com`,
    name,
    title: "",
    departmentId: 1,
    managerEmail,
    timeZone: "UTC",
    isHost: false,
    isManager: managerEmail === null,
    isAdmin: id === 10,
    active: true,
  };
}

/** Ada runs the import; Pia reports to Xav, who reports to Gus. */
const directory: DirectorySnapshot = {
  departments: [
    { id: 1, name: "Accounting" },
    { id: 2, name: "Sales" },
  ],
  people: [
    person(10, "Ada"),
    person(11, "Gus"),
    person(12, "Xav", "gus@example.com"),
    person(13, "Pia", "xav@example.com"),
  ],
};

const plan = (lines: string[]) => planStaffImport([HEADER, ...lines].join("\n"), directory, 10);

/** Each line with a problem: its number and its sentences. */
const problemsOf = (result: ImportPlan) =>
  result.lines.filter((l) => l.problems.length > 0).map(({ line, problems }) => ({ line, problems }));

const goodLines = (result: ImportPlan) => result.lines.filter((l) => l.record !== null).map((l) => l.line);

describe("good lines stand on their own", () => {
  it("holds back a line whose manager's line has a problem, and each line up a chain to it", () => {
    const result = plan([
      "Mia Moss,mia@example.com,Accounting,,,,manager",
      "Bad Dept,boss@example.com,Marketing,,,,manager",
      "Ann Lee,ann@example.com,Accounting,,boss@example.com,,",
      "Ben Ray,ben@example.com,Accounting,,ann@example.com,,",
      "Cy Sea,cy@example.com,Sales,,mia@example.com,,",
      "Dee Dow,dee@example.com,Sales,,gus@example.com,,",
    ]);
    expect(problemsOf(result)).toEqual([
      {
        line: 3,
        problems: ['There is no department called "Marketing". Add it under Departments first, or fix the name.'],
      },
      {
        line: 4,
        problems: ["Can't be imported alone: its manager's row has a problem on line 3 (boss@example.com)."],
      },
      {
        line: 5,
        problems: ["Can't be imported alone: its manager's row has a problem on line 4 (ann@example.com)."],
      },
    ]);
    expect(goodLines(result)).toEqual([2, 6, 7]);
    expect(result.counts).toEqual({ create: 3, update: 0, unchanged: 0, withProblems: 3 });
    expect(result.ready).toBe(false);
  });

  it("holds back a line whose manager is in the directory but on a line with a problem", () => {
    const result = plan([
      "Gus,gus@example.com,Accounting,,,UTC,manager bogus",
      "Ann Lee,ann@example.com,Accounting,,gus@example.com,,",
    ]);
    expect(problemsOf(result).map((p) => p.line)).toEqual([2, 3]);
    expect(problemsOf(result)[1].problems).toEqual([
      "Can't be imported alone: its manager's row has a problem on line 2 (gus@example.com).",
    ]);
  });

  it("keeps a line whose manager has a good line, even when the same email is repeated further down", () => {
    const result = plan([
      "Mia Moss,mia@example.com,Accounting,,,,manager",
      "Ann Lee,ann@example.com,Accounting,,mia@example.com,,",
      "Mia Again,mia@example.com,Sales,,,,",
    ]);
    expect(problemsOf(result)).toEqual([{ line: 4, problems: ["mia@example.com is already on line 2 of this file."] }]);
    expect(goodLines(result)).toEqual([2, 3]);
  });

  it("refuses a circle of managers among good lines, as always", () => {
    const result = plan([
      "Ann Lee,ann@example.com,Accounting,,ben@example.com,,",
      "Ben Ray,ben@example.com,Accounting,,ann@example.com,,",
      "Cy Sea,cy@example.com,Accounting,,,,",
    ]);
    const circle =
      "Managers would go round in a circle: Ann Lee → Ben Ray → Ann Lee. Someone in it needs another manager.";
    expect(problemsOf(result)).toEqual([
      { line: 2, problems: [circle] },
      { line: 3, problems: [circle] },
    ]);
    expect(goodLines(result)).toEqual([4]);
  });

  it("refuses a circle that only the good lines would close, through someone whose line is left out", () => {
    // With every line, Xav would report to a stranger; left out, he still reports to Gus.
    const result = plan([
      "Gus,gus@example.com,Accounting,,pia@example.com,,",
      "Xav,xav@example.com,Accounting,,ghost@example.com,,",
    ]);
    expect(problemsOf(result)).toEqual([
      {
        line: 2,
        problems: ["Managers would go round in a circle: Gus → Pia → Xav → Gus. Someone in it needs another manager."],
      },
      {
        line: 3,
        problems: [
          "No one with the email ghost@example.com is in the directory or in this file, so they can't be the manager.",
        ],
      },
    ]);
    expect(goodLines(result)).toEqual([]);
  });

  it("holds back nothing when every line is right", () => {
    const result = plan([
      "Ann Lee,ann@example.com,Accounting,,,,",
      "Ben Ray,ben@example.com,Accounting,,ann@example.com,,",
    ]);
    expect(result.ready).toBe(true);
    expect(goodLines(result)).toEqual([2, 3]);
  });
});

describe("the rows left out, as a file to fix", () => {
  const read = (text: string) => parse(text, { bom: true }) as string[][];

  it("lists the lines with problems as they were, under the file's header, with their problems", () => {
    const text = [
      "Name;Email;Department;Title",
      "Ann Lee;ann@example.com;Accounting;Analyst",
      'Bo Berg;bo@example.com;Marketing;"Head; of sales"',
      "Cy Sea;cy-at-example.com;Sales",
      "Di Dow;di@example.com;Sales;Planner;extra;more",
    ].join("\n");
    const result = planStaffImport(text, directory, 10);
    expect(rejectedLines(text, result)).toEqual({
      header: ["Name", "Email", "Department", "Title", "problem"],
      rows: [
        [
          "Bo Berg",
          "bo@example.com",
          "Marketing",
          "Head; of sales",
          'There is no department called "Marketing". Add it under Departments first, or fix the name.',
        ],
        [
          "Cy Sea",
          "cy-at-example.com",
          "Sales",
          "",
          "This line has 3 values but the header has 4. Put a value holding a comma in double quotes.",
        ],
        [
          "Di Dow",
          "di@example.com",
          "Sales",
          "Planner;extra;more",
          "This line has 6 values but the header has 4. Put a value holding a comma in double quotes.",
        ],
      ],
    });
  });

  it("joins a line's problems into one sentence after another", () => {
    const text = `${HEADER}\nNo Dept,not-an-email,Nowhere,,,,`;
    const report = rejectedLines(text, planStaffImport(text, directory, 10))!;
    expect(report.rows[0].at(-1)).toBe(
      '"not-an-email" isn\'t an email address. There is no department called "Nowhere". Add it under Departments first, or fix the name.',
    );
  });

  it("has no rows when no line has a problem, and nothing at all when the file itself can't be read", () => {
    const good = `${HEADER}\nAnn Lee,ann@example.com,Accounting,,,,`;
    expect(rejectedLines(good, planStaffImport(good, directory, 10))).toEqual({
      header: [...HEADER.split(","), "problem"],
      rows: [],
    });
    const unknown = "name,email,department,shoe_size\nAnn,ann@example.com,Accounting,42";
    expect(rejectedLines(unknown, planStaffImport(unknown, directory, 10))).toBeNull();
  });

  it("imports the report once its rows are fixed, leaving the problem column aside", () => {
    const text = `${HEADER}\nBo Berg,bo@example.com,Marketing,,,,`;
    const report = rejectedLines(text, planStaffImport(text, directory, 10))!;
    const fixed = [report.header, ...report.rows.map((row) => row.map((v) => (v === "Marketing" ? "Sales" : v)))]
      .map((row) => row.map((v) => `"${v.replace(/"/g, '""')}"`).join(","))
      .join("\n");
    const again = planStaffImport(fixed, directory, 10);
    expect(again.fileProblems).toEqual([]);
    expect(again.ready).toBe(true);
    expect(again.lines[0].record).toMatchObject({ email: "bo@example.com", departmentId: 2 });
    expect(read(fixed)[0]).toContain("problem");
  });
});
