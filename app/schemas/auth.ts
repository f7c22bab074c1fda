/**
 * Signing in and getting in without a password: the sign-in form, asking for a reset link, and
 * choosing a password from a link. What the page checks as you type and the action checks again.
 */
import { z } from "zod";
import { LIMITS } from "~/domain/directory";
import { singleLine } from "./text";

const workEmail = singleLine("your email", { error: "Enter your work email." })
  .trim()
  .min(1, "Enter your work email.")
  .pipe(z.email("That doesn't look like an email address."));

export const SignInSchema = z.object({
  email: workEmail,
  // Only compared with the stored hash, never kept or shown: a password set before control
  // characters were refused still signs in.
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password."),
  // Never kept: where to go next is checked by the safe-redirect rule, which refuses control characters.
  redirectTo: z.string().optional(),
});

export const ForgotPasswordSchema = z.object({ email: workEmail });

/** A new password, typed twice; the same lengths an admin's form allows. */
export const SetPasswordSchema = z
  .object({
    password: singleLine("the password", { error: "Choose a password." })
      .min(LIMITS.minPassword, `A password has at least ${LIMITS.minPassword} characters.`)
      .max(LIMITS.maxPassword, `Keep the password to ${LIMITS.maxPassword} characters.`),
    confirm: z.string({ error: "Type the password again." }),
  })
  .refine((value) => value.password === value.confirm, {
    path: ["confirm"],
    message: "The two passwords don't match. Type the same password in both boxes.",
  });
