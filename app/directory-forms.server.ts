/**
 * The edge of the admin's directory forms: the form is read with its schema, the model saves it,
 * and a refusal, the form's own or the directory's, goes back to the page as the form's errors
 * (status 400, what was typed kept), so every form works without JavaScript.
 */
import { parseWithZod } from "@conform-to/zod/v4";
import { data } from "@remix-run/node";
import type { z } from "zod";
import { refusalReply, type DirectoryRefusal } from "~/domain/directory";
import { notFound } from "~/permissions.server";

type Saving = { ok: true } | { ok: false; reason: DirectoryRefusal };

export async function submitDirectoryForm<S extends z.ZodType, Result extends Saving>(
  request: Request,
  schema: S,
  save: (value: z.output<S>) => Promise<Result>,
  options: {
    /** Fields never sent back to the page, such as a password. */
    hideFields?: string[];
    /** The record is named in the page's address, so one that doesn't exist is a 404 page, not a sentence. */
    recordInAddress?: boolean;
  } = {},
) {
  const { hideFields, recordInAddress = false } = options;
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== "success") {
    return { ok: false as const, response: data({ result: submission.reply({ hideFields }) }, { status: 400 }) };
  }
  const result = await save(submission.value);
  if (result.ok) return { ok: true as const, result: result as Extract<Result, { ok: true }>, value: submission.value };
  if (result.reason.code === "not_found" && recordInAddress) throw notFound();
  const refused = submission.reply({ ...refusalReply(result.reason), hideFields });
  return { ok: false as const, response: data({ result: refused }, { status: 400 }) };
}
