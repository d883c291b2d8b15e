import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { LoginSchema } from "./schema.ts";

/*
 * The sign-in form's client-side check: the same LoginSchema the action parses. /ingresar imports
 * this module only when the person first focuses the form, so zod (13 KB compressed) is not on the
 * path to a usable sign-in page on a slow line (docs/decisions/0125). Until it arrives the server
 * checks the form, with the same messages.
 */
export const loginConstraint = getZodConstraint(LoginSchema);

export function validateLogin({ formData }: { formData: FormData }) {
  return parseWithZod(formData, { schema: LoginSchema });
}

export type LoginValidation = { constraint: typeof loginConstraint; validate: typeof validateLogin };
