/**
 * The staff-directory import's form: the file pasted (or its upload's text), the fingerprint of
 * the check the admin saw, which "Import" must match, and what to do with a file whose lines
 * are not all right.
 */
import { z } from "zod";

export const IMPORT_MODES = ["all", "good"] as const;

export const StaffImportSchema = z.object({
  intent: z.enum(["preview", "apply"]).catch("preview"),
  // Checked by the import, line by line, so a problem is shown on the line that has it.
  csv: z.string().default(""),
  /** The file's fingerprint, then (when some lines have problems) the fingerprint of those lines. */
  checked: z
    .string()
    .regex(/^[\w-]{0,64}$/)
    .catch(""),
  /** "all": import nothing until every line is right (the default); "good": the good lines only. */
  mode: z.enum(IMPORT_MODES).catch("all"),
});
export type StaffImportInput = z.infer<typeof StaffImportSchema>;
