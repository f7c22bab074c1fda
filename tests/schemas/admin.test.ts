import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { DepartmentFormSchema, KindSchema, ModuleSchema, PersonSchema } from "~/schemas/admin";

/** A form as a browser posts it: every field a string, an empty box an empty string. */
function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

/** What the form reads from the fields, or its sentences field by field when it refuses them. */
function read<S extends z.ZodType>(schema: S, fields: Record<string, string>) {
  const submission = parseWithZod(form(fields), { schema });
  const none: Record<string, string[] | null> = {};
  return submission.status === "success"
    ? { value: submission.value, errors: none }
    : { value: undefined, errors: submission.error ?? none };
}

describe("the admin's forms", () => {
  it("lower-cases a person's email and checks the time zone and password length", () => {
    const ok = read(PersonSchema, {
      name: "Ann",
      email: " Ann@Example.COM ",
      departmentId: "1",
      timeZone: "europe/helsinki",
      active: "on",
    });
    expect(ok.value).toMatchObject({
      email: "ann@example.com",
      timeZone: "Europe/Helsinki",
      active: true,
      admin: false,
      managerEmail: "",
      password: "",
    });
    const bad = read(PersonSchema, {
      name: "",
      email: "x",
      departmentId: "",
      timeZone: "Nowhere/Land",
      password: "short",
    });
    expect(bad.errors.name).toEqual(["Enter the person's name."]);
    expect(bad.errors.email).toEqual(["That doesn't look like an email address."]);
    expect(bad.errors.departmentId).toEqual(["Choose a department."]);
    expect(bad.errors.timeZone).toEqual(["Choose a time zone."]);
    expect(bad.errors.password?.[0]).toContain("at least 10 characters");
  });

  it("reads a module's rule: any kind, no expiry, checkboxes", () => {
    const ok = read(ModuleSchema, {
      title: "Follow up",
      ruleKindId: "",
      requiredCount: "2",
      validityDays: "",
      core: "on",
      active: "on",
    });
    expect(ok.value).toMatchObject({
      ruleKindId: null,
      requiredCount: 2,
      validityDays: null,
      core: true,
      reflectionRequired: false,
    });
    const bad = read(ModuleSchema, { title: "X", requiredCount: "0", validityDays: "-3" });
    expect(bad.errors.requiredCount).toEqual(["It takes at least one attended session."]);
    expect(bad.errors.validityDays?.[0]).toContain("whole days");
  });

  it("asks for a session kind's length in whole minutes, up to a day", () => {
    const minutes = (defaultMinutes: string) =>
      read(KindSchema, { name: "Booth", defaultMinutes, onSite: "remote" }).errors.defaultMinutes;
    expect(minutes("")).toEqual(["Give the usual length in whole minutes, for example 60."]);
    expect(minutes("1.5")?.[0]).toBe("Give the usual length in whole minutes, for example 60.");
    expect(minutes("2000")).toEqual(["A session lasts at most a day (1440 minutes)."]);
    expect(read(KindSchema, { name: " Booth ", defaultMinutes: "240", onSite: "on_site" }).value).toEqual({
      name: "Booth",
      description: "",
      defaultMinutes: 240,
      onSite: true,
      active: false,
    });
  });

  it("reads which of the departments page's two forms was sent", () => {
    const add = read(DepartmentFormSchema, { intent: "create", name: "Legal", kind: "back_office" });
    expect(add.value).toMatchObject({ intent: "create", name: "Legal" });
    expect(add.value?.id).toBeUndefined();
    const edit = read(DepartmentFormSchema, { intent: "update", id: "7", name: "Legal", kind: "nowhere" });
    expect(edit.errors.kind).toEqual(["Choose whether the department faces customers or works in the back office."]);
  });
});
