import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAuth } from "~/auth/auth.server";
import { authAttempts, emailOutbox } from "~/db/schema";
import { LOGIN_LIMITS, RESET_LIMITS } from "~/features/accounts/attempt-limits.server";
import { LOGIN_MESSAGES, RESET_RATE_LIMITED_MESSAGE } from "~/features/accounts/login.server";
import { action as requestResetAction } from "~/routes/recuperar";
import { action as loginAction } from "~/routes/ingresar";
import { action as resetAction } from "~/routes/restablecer";
import { createOrganization, createUser, requestFor, TEST_PASSWORD } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import { routeContext } from "../../setup/route-context";

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;

let seq = 0;
/** A fresh documentation address (TEST-NET-3) per call. */
const freshAddress = () => `203.0.113.${(seq += 1) % 250}`;
const unknownEmail = () => `nadie${(seq += 1)}@ejemplo.cl`;

async function login(email: string, password: string, clientIp: string): Promise<{ status: number; text: string }> {
  const res = await loginAction({ request: requestFor("/ingresar", { form: { email, password } }), params: {}, context: { cspNonce: "n", clientIp } }).catch(
    (r: Response) => r,
  );
  const response = res as Response;
  return { status: response.status, text: response.status === 302 ? "" : JSON.stringify(await response.json()) };
}

describe("login and reset limits", () => {
  let ctx: Ctx;
  let orgId: string;
  beforeAll(async () => {
    ctx = await setupAppContext();
    orgId = (await createOrganization(ctx.handle.db, { comunaCode: "16301" })).id;
  });
  afterAll(async () => ctx.close());

  it(`refuses an address after ${LOGIN_LIMITS.failuresPerAddress.max} failures in a minute, whichever accounts it tries`, async () => {
    const { email } = await createUser(ctx.handle.db, orgId, "omil_staff");
    const address = "198.51.100.20";
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAddress.max; i += 1) {
      expect((await login(unknownEmail(), "incorrecta-123", address)).status).toBe(400);
    }
    const refused = await login(unknownEmail(), "incorrecta-123", address);
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(LOGIN_MESSAGES.rate_limited_address);
    // Even the right password waits out the minute from that address...
    expect((await login(email, TEST_PASSWORD, address)).status).toBe(429);
    // ...while another address, and the same account elsewhere, are not affected.
    expect((await login(email, TEST_PASSWORD, "198.51.100.21")).status).toBe(302);
    // A minute later the address may try again.
    await ctx.handle.db.update(authAttempts).set({ at: sql`now() - interval '61 seconds'` }).where(eq(authAttempts.address, address));
    expect((await login(email, TEST_PASSWORD, address)).status).toBe(302);
  });

  it("lets 20 people behind one office address log in at 9:00, even after a few typos", async () => {
    const address = "198.51.100.30";
    const people = await Promise.all(Array.from({ length: 20 }, () => createUser(ctx.handle.db, orgId, "omil_staff")));
    for (const person of people.slice(0, LOGIN_LIMITS.failuresPerAddress.max - 1)) {
      expect((await login(person.email, "mal-escrita-123", address)).status).toBe(400);
    }
    const statuses: number[] = [];
    for (const person of people) statuses.push((await login(person.email, TEST_PASSWORD, address)).status);
    expect(statuses).toEqual(people.map(() => 302));
    // Successful logins leave nothing behind; the typos stay counted.
    const rows = await ctx.handle.db.select().from(authAttempts).where(eq(authAttempts.address, address));
    expect(rows.map((r) => r.outcome)).toEqual(Array(LOGIN_LIMITS.failuresPerAddress.max - 1).fill("failed"));
  });

  it(`refuses an account after ${LOGIN_LIMITS.failuresPerAccount.max} failures in 15 minutes, from any addresses`, async () => {
    const { email } = await createUser(ctx.handle.db, orgId, "omil_staff");
    const other = await createUser(ctx.handle.db, orgId, "omil_staff");
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount.max; i += 1) {
      expect((await login(email, `adivinanza-${i}-123`, freshAddress())).status).toBe(400);
    }
    const refused = await login(email, "adivinanza-final-1", freshAddress());
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(LOGIN_MESSAGES.rate_limited_account);
    // The email is compared as people type it.
    expect((await login(` ${email.toUpperCase()} `, TEST_PASSWORD, freshAddress())).status).toBe(429);
    expect((await login(email, TEST_PASSWORD, freshAddress())).status).toBe(429);
    expect((await login(other.email, TEST_PASSWORD, freshAddress())).status).toBe(302);
    // Fifteen minutes later the account opens again.
    await ctx.handle.db
      .update(authAttempts)
      .set({ at: sql`now() - interval '901 seconds'` })
      .where(eq(authAttempts.account, email.toLowerCase()));
    expect((await login(email, TEST_PASSWORD, freshAddress())).status).toBe(302);
  });

  it("opens a locked account once its owner resets the password through the emailed link", async () => {
    const { email } = await createUser(ctx.handle.db, orgId, "omil_staff");
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount.max; i += 1) await login(email, `intento-${i}-123`, freshAddress());
    expect((await login(email, TEST_PASSWORD, freshAddress())).status).toBe(429);

    await requestResetAction({ request: requestFor("/recuperar", { form: { email } }), params: {}, context: { cspNonce: "n", clientIp: freshAddress() } });
    const [mail] = await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
    const token = new URL(mail.text.match(/https?:\/\/\S+/)![0]).searchParams.get("token")!;
    const password = "nueva-clave-segura-9";
    const done = await resetAction({ request: requestFor("/restablecer", { form: { token, password, confirm: password } }), params: {}, context: routeContext }).catch(
      (r: Response) => r,
    );
    expect((done as Response).status).toBe(302);
    expect((await login(email, password, freshAddress())).status).toBe(302);
  });

  it("does not let parallel guesses past the limit", async () => {
    const address = "198.51.100.40";
    const results = await Promise.all(Array.from({ length: 25 }, () => login(unknownEmail(), "paralela-123", address)));
    // The first ten are checked (and fail); the rest are refused without a check.
    expect(results.filter((r) => r.status === 400)).toHaveLength(LOGIN_LIMITS.failuresPerAddress.max);
    expect(results.filter((r) => r.status === 429)).toHaveLength(25 - LOGIN_LIMITS.failuresPerAddress.max);
  });

  it("limits reset requests per account and per address, with the same answer for unknown accounts", async () => {
    const { email } = await createUser(ctx.handle.db, orgId, "omil_staff");
    const ask = async (to: string, clientIp: string) => {
      const res = (await requestResetAction({ request: requestFor("/recuperar", { form: { email: to } }), params: {}, context: { cspNonce: "n", clientIp } })) as Response;
      return { status: res.status, text: JSON.stringify(await res.json()) };
    };
    for (let i = 0; i < RESET_LIMITS.perAccount.max; i += 1) expect((await ask(email, freshAddress())).status).toBe(200);
    const refused = await ask(email, freshAddress());
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(RESET_RATE_LIMITED_MESSAGE);
    const mails = await ctx.handle.db.select().from(emailOutbox).where(eq(emailOutbox.to, email));
    expect(mails).toHaveLength(RESET_LIMITS.perAccount.max);

    const address = "198.51.100.50";
    for (let i = 0; i < RESET_LIMITS.perAddress.max; i += 1) expect((await ask(unknownEmail(), address)).status).toBe(200);
    expect((await ask(unknownEmail(), address)).status).toBe(429);
    const counted = await ctx.handle.db
      .select()
      .from(authAttempts)
      .where(and(eq(authAttempts.kind, "reset"), eq(authAttempts.address, address)));
    expect(counted).toHaveLength(RESET_LIMITS.perAddress.max);
  });

  it("closes better-auth's own HTTP routes for password login and reset requests", async () => {
    const { email } = await createUser(ctx.handle.db, orgId, "omil_staff");
    const post = (path: string, body: object) =>
      getAuth().handler(
        new Request(`http://localhost:3000/api/auth${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost:3000" },
          body: JSON.stringify(body),
        }),
      );
    expect((await post("/sign-in/email", { email, password: TEST_PASSWORD })).status).toBe(404);
    expect((await post("/request-password-reset", { email, redirectTo: "/restablecer" })).status).toBe(404);
  });
});
