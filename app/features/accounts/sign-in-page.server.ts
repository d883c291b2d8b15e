import { json, redirect } from "@remix-run/node";
import { getActor, safeRedirect } from "~/auth/session.server";
import { parseFormOr400 } from "~/utils/forms.server";
import { LOGIN_MESSAGES, signInWithPassword } from "./login.server.ts";
import { LoginSchema } from "./schema.ts";

/*
 * The sign-in page's loader and action. The route imports only this server module: importing
 * schema.ts there, even just for the action, would put zod in the page's JavaScript (its
 * top-level calls keep it from being dropped), see docs/decisions/0125.
 */

/** Someone already signed in goes where they were headed. */
export async function loadSignInPage(request: Request) {
  const actor = await getActor(request);
  if (actor) throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return json({});
}

/** Signs in with the form's email and password: a redirect with the session cookie, or the form's errors. */
export async function signInFromForm(request: Request, clientIp: string) {
  const formData = await request.formData();
  const { submission, value } = parseFormOr400(formData, LoginSchema);
  const outcome = await signInWithPassword(value.email, value.password, clientIp);
  if (!outcome.ok) {
    return json(
      { result: submission.reply({ formErrors: [LOGIN_MESSAGES[outcome.reason]], hideFields: ["password"] }) },
      { status: outcome.reason === "rate_limited_address" || outcome.reason === "rate_limited_account" ? 429 : 400 },
    );
  }
  const headers = new Headers();
  for (const cookie of outcome.setCookies) headers.append("set-cookie", cookie);
  return redirect(safeRedirect(value.redirectTo), { headers });
}
