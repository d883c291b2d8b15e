import { expect } from "vitest";

/** Signs in through the portal's form over HTTP and returns the session cookie. */
export async function httpLogin(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/ingresar`, { method: "POST", body: new URLSearchParams({ email, password }), redirect: "manual" });
  expect(res.status).toBe(302);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
