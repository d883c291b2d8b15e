import { parseWithZod } from "@conform-to/zod";
import { json } from "@remix-run/node";
import type { z } from "zod";
import { FieldError } from "~/utils/errors";

/** Parses a form with its zod schema; on failure throws a 400 with the field errors and the typed values. */
export function parseFormOr400<S extends z.ZodTypeAny>(formData: FormData, schema: S) {
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    throw json({ result: submission.reply() }, { status: 400 });
  }
  return { submission, value: submission.value as z.infer<S> };
}

/** Turns a domain FieldError into the same 400 answer, keeping what was typed. */
export function fieldErrorResponse<R>(submission: { reply(options?: { fieldErrors?: Record<string, string[]> }): R }, error: unknown) {
  if (error instanceof FieldError) {
    return json({ result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 });
  }
  throw error;
}
