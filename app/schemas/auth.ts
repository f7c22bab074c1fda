/** The sign-in form: what the page checks as you type and the action checks again. */
import { z } from "zod";

export const SignInSchema = z.object({
  email: z
    .string({ error: "Enter your work email." })
    .trim()
    .min(1, "Enter your work email.")
    .pipe(z.email("That doesn't look like an email address.")),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password."),
  redirectTo: z.string().optional(),
});
