import { z } from "zod";

export type FieldErrors = Record<string, string[] | undefined>;

export type ParsedForm<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: FieldErrors; values: Record<string, string> };

/**
 * Parses a submitted form with a zod schema. On failure it returns the errors by field and
 * the text the person typed, so the page can show both (status 400, nothing written).
 * Repeated fields (checkbox groups) arrive as arrays.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): ParsedForm<z.infer<S>> {
  const raw: Record<string, string | string[]> = {};
  const values: Record<string, string> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = all.length > 1 ? all : (all[0] ?? "");
    values[key] = all.join(",");
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, errors: z.flattenError(parsed.error).fieldErrors as FieldErrors, values };
}
