/** Accessible wiring for a field and its errors: the error is announced and tied to the input. */
export function fieldProps(name: string, errors: readonly string[] | undefined) {
  const invalid = Boolean(errors?.length);
  return {
    id: name,
    name,
    "aria-invalid": invalid || undefined,
    "aria-describedby": invalid ? `${name}-error` : undefined,
  };
}

export function FieldError({ name, errors }: { name: string; errors: readonly string[] | undefined }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={`${name}-error`}>
      {errors[0]}
    </p>
  );
}
