import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOGIN_MESSAGES } from "~/features/accounts/login.server";
import { sharedRedisUrl, uniqueRedisPrefix } from "../../setup/redis";
import { startPortal, type Portal } from "../support/portal";

/*
 * Two real portal processes over HTTP on one PostgreSQL database (joined by
 * Redis, as in a scale-out): `untrusted` has no TRUSTED_PROXIES, `trusted`
 * believes 127.0.0.1 (the test client plays the reverse proxy).
 */

const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const databaseName = `redomil_e2e_xff_${randomBytes(4).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
})();

async function admin<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

let seq = 0;
const unknownEmail = () => `nadie${(seq += 1)}@ejemplo.cl`;
const testNet = (n: number) => `198.51.100.${n}`;

async function login(portal: Portal, email: string, password: string, forwardedFor?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${portal.baseUrl}/ingresar`, {
    method: "POST",
    headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
    body: new URLSearchParams({ email, password }),
    redirect: "manual",
  });
  return { status: res.status, text: await res.text() };
}

/** The address better-auth recorded on the newest session of `email`. */
async function lastSessionAddress(email: string): Promise<string | null> {
  const [row] = await admin<{ ip_address: string | null }>(
    databaseUrl,
    `select s.ip_address from session s join "user" u on u.id = s.user_id where u.email = $1 order by s.created_at desc limit 1`,
    [email],
  );
  return row?.ip_address ?? null;
}

describe("trusted proxies and login limits (two processes, one database)", () => {
  let untrusted: Portal;
  let trusted: Portal;
  let passwords: Record<string, string>;
  const common = () => ({ DATABASE_URL: databaseUrl, REDIS_URL: sharedRedisUrl(), REDIS_PREFIX: uniqueRedisPrefix(), SEARCH_DISABLED: "1" });

  beforeAll(async () => {
    await admin(adminUrl, `create database ${databaseName}`);
    const shared = common();
    untrusted = await startPortal({ env: { ...shared, TRUSTED_PROXIES: "" } });
    trusted = await startPortal({ env: { ...shared, TRUSTED_PROXIES: "127.0.0.1" } });
    passwords = untrusted.demoPasswords;
    expect(Object.keys(passwords).length).toBeGreaterThanOrEqual(4);
  });
  afterAll(async () => {
    await untrusted?.stop();
    await trusted?.stop();
    await admin(adminUrl, `drop database if exists ${databaseName} with (force)`).catch(() => undefined);
  });

  it("lets 20 correct logins from one address through within a minute", async () => {
    const accounts = Object.keys(passwords);
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const email = accounts[i % accounts.length];
      statuses.push((await login(untrusted, email, passwords[email], testNet(i))).status);
    }
    expect(statuses).toEqual(Array(20).fill(302));
    expect(Date.now() - started).toBeLessThan(60_000);
    // better-auth recorded the socket address, not the header the client sent.
    expect(await lastSessionAddress(accounts[19 % accounts.length])).toBe("127.0.0.1");
  });

  it("does not let a spoofed X-Forwarded-For from an untrusted peer escape the per-address limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 15; i += 1) {
      const res = await login(untrusted, unknownEmail(), "incorrecta-123", testNet(100 + i));
      statuses.push(res.status);
      if (res.status === 429) expect(res.text).toContain(LOGIN_MESSAGES.rate_limited_address);
    }
    expect(statuses).toEqual([...Array(10).fill(400), ...Array(5).fill(429)]);
    // The other process shares the limit: 127.0.0.1 (no header) is refused there too, even with a right password.
    const [email] = Object.keys(passwords);
    expect((await login(trusted, email, passwords[email])).status).toBe(429);
    // better-auth's own password route is closed: no way around the limit.
    const direct = await fetch(`${untrusted.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: untrusted.baseUrl, "x-forwarded-for": testNet(200) },
      body: JSON.stringify({ email, password: passwords[email] }),
    });
    expect(direct.status).toBe(404);
  });

  it("believes X-Forwarded-For from a trusted proxy, and only the hop the proxy added", async () => {
    // A new client address each time: none reaches the per-address limit.
    const statuses: number[] = [];
    for (let i = 0; i < 15; i += 1) statuses.push((await login(trusted, unknownEmail(), "incorrecta-123", testNet(120 + i))).status);
    expect(statuses).toEqual(Array(15).fill(400));
    // A client writing its own leftmost entry is still keyed on the address the proxy appended.
    const spoofed: number[] = [];
    for (let i = 0; i < 11; i += 1) spoofed.push((await login(trusted, unknownEmail(), "incorrecta-123", `203.0.113.${i}, ${testNet(150)}`)).status);
    expect(spoofed).toEqual([...Array(10).fill(400), 429]);
    // better-auth sees the resolved client.
    const email = Object.keys(passwords)[1];
    expect((await login(trusted, email, passwords[email], testNet(160))).status).toBe(302);
    expect(await lastSessionAddress(email)).toBe(testNet(160));
  });

  it("refuses the 11th wrong password for one account from changing addresses", async () => {
    const email = Object.keys(passwords)[3];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await login(trusted, email, `adivinanza-${i}-123`, testNet(170 + i))).status);
    expect(statuses).toEqual(Array(10).fill(400));
    const refused = await login(trusted, email, "adivinanza-final-1", testNet(190));
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(LOGIN_MESSAGES.rate_limited_account);
    // Locked for 15 minutes from every address, the right password included.
    expect((await login(trusted, email, passwords[email], testNet(191))).status).toBe(429);
    // Other accounts are not affected.
    const other = Object.keys(passwords)[2];
    expect((await login(trusted, other, passwords[other], testNet(192))).status).toBe(302);
  });
});
