import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/features/accounts/login.server";

export async function loader() {
  return redirect("/");
}

/** POST only: signing out must not be triggerable by a link or an image. */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await request.formData();
  const cookies = await signOut(request, formData.get("everywhere") === "1");
  const headers = new Headers();
  for (const c of cookies) headers.append("set-cookie", c);
  return redirect("/ingresar", { headers });
}
