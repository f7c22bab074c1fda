import { describe, expect, it } from "vitest";
import { planStaffImport, type DirectorySnapshot } from "~/domain/staff-import";

const HEADER = "name,email,department,title,manager_email,time_zone,roles";

const directory: DirectorySnapshot = {
  departments: [{ id: 1, name: "Accounting" }],
  people: [
    {
      id: 10,
      email: "admin@example.com",
      name: "Ada Admin",
      title: "",
      departmentId: 1,
      managerEmail: null,
      timeZone: "UTC",
      isHost: false,
      isManager: false,
      isAdmin: true,
      active: true,
    },
  ],
};

const plan = (text: string) => planStaffImport(text, directory, 10);
const problemsOf = (text: string) =>
  plan(text)
    .lines.filter((line) => line.problems.length > 0)
    .map(({ line, name, problems }) => ({ line, name, problems }));

describe("control characters in a staff file", () => {
  it("refuses each value holding one, on its line, naming the column", () => {
    const file = [
      HEADER,
      "Ola Okay,ola@example.com,Accounting,,,,",
      "Ann\u0000 Lee,ann@example.com,Accounting,,,,",
      "Bo Bidi,bo@example.com,Accounting,\u202eexe.fdp,,,",
      "Cy Sea,cy@example.com\u007f,Accounting,,,Europe/Helsinki\u0085,host\u001b",
    ].join("\n");
    const result = plan(file);
    expect(result.ready).toBe(false);
    expect(result.counts).toMatchObject({ create: 1, withProblems: 3 });
    expect(problemsOf(file)).toEqual([
      { line: 3, name: "Ann\uFFFD Lee", problems: ["Remove the invisible control character from the name."] },
      { line: 4, name: "Bo Bidi", problems: ["Remove the invisible control character from the job title."] },
      {
        line: 5,
        name: "Cy Sea",
        problems: [
          "Remove the invisible control character from the email.",
          "Remove the invisible control character from the time zone.",
          "Remove the invisible control character from the roles.",
        ],
      },
    ]);
  });

  it("refuses a line break or a tab inside a quoted value, on the line the value starts", () => {
    const file = `${HEADER}\n"Ann\nLee",ann@example.com,Accounting,,,,\nBo,bo@example.com,"Accounting\t",Head\tof sales,,,`;
    expect(problemsOf(file)).toEqual([
      { line: 2, name: "Ann Lee", problems: ["Keep the name on one line: remove the tab or line break."] },
      { line: 4, name: "Bo", problems: ["Keep the job title on one line: remove the tab or line break."] },
    ]);
  });

  it("reads a file separated by tabs, and trims spaces and tabs around values as before", () => {
    const file = "name\temail\tdepartment\nAnn Lee\tann@example.com\tAccounting \n";
    const result = plan(file);
    expect(result.ready).toBe(true);
    expect(result.lines[0].record).toMatchObject({ name: "Ann Lee", email: "ann@example.com", departmentId: 1 });
  });

  it("refuses a header with a control character, without showing it", () => {
    const result = plan(`name,email,depart\u0000ment\nAnn,ann@example.com,Accounting`);
    expect(result.ready).toBe(false);
    expect(result.fileProblems).toEqual([
      "The header line (line 1) has an invisible control character, a tab or a line break in a column name. Remove it.",
    ]);
  });
});
