import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailOutbox, goalEntries, notifications, storedFiles, user } from "~/db/schema";
import { findGoalEntry, findNetworkGoal, replaceEntryEvidence, REVIEWED_EVIDENCE_MESSAGE } from "~/features/goals/goals.server";
import { action as goalAction, loader as goalLoader } from "~/routes/redes.$networkId_.metas.$goalId._index";
import { action as newGoalAction } from "~/routes/redes.$networkId_.metas.nueva";
import { loader as evidenceLoader } from "~/routes/redes.$networkId_.metas.$goalId.respaldo.$entryId";
import { FieldError } from "~/utils/errors";
import { currentYearInChile } from "~/utils/dates";
import { createNetwork, createOrganization, createUser, requestFor, signedInActor } from "../../factories/rows";
import { setupAppContext } from "../../setup/app-context";
import type { Actor } from "~/permissions/actor";
import { responseOf } from "../../setup/route-context";

/*
 * Reviewing an entry notifies its office (in-app + outbox, once per decision),
 * and an office replaces the evidence file of its own pending entry (the old
 * bytes are deleted in the same transaction; reviewed entries are refused).
 */

type Ctx = Awaited<ReturnType<typeof setupAppContext>>;
const context = { cspNonce: "n", clientIp: "127.0.0.1" };
const year = currentYearInChile();
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
const ELF = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

function multipart(pathname: string, cookie: string, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append("evidence", new File([new Uint8Array(file.bytes)], file.name, { type: "application/octet-stream" }));
  return new Request(`http://localhost:3000${pathname}`, { method: "POST", headers: { cookie }, body });
}

describe("goal entries: review notifications and evidence replacement", () => {
  let ctx: Ctx;
  let ids: { a: string; b: string; netA: string; netB: string };
  let people: Record<"coordinator" | "member" | "colleague" | "dr" | "foreign", { cookie: string; userId: string; actor: Actor }>;
  let inactiveColleagueId: string;
  let goalId: string;

  beforeAll(async () => {
    ctx = await setupAppContext();
    const db = ctx.handle.db;
    const a = await createOrganization(db, { comunaCode: "16301", name: "OMIL San Carlos" });
    const b = await createOrganization(db, { comunaCode: "16304", name: "OMIL San Fabián" });
    const z = await createOrganization(db, { comunaCode: "16101", name: "OMIL Chillán" });
    const dr = await createOrganization(db, { kind: "direccion_regional", regionCode: "16", name: "DR Ñuble" });
    const netA = await createNetwork(db, [a.id, b.id], { name: "Red Punilla" });
    const netB = await createNetwork(db, [z.id], { name: "Red Diguillín" });
    ids = { a: a.id, b: b.id, netA: netA.id, netB: netB.id };
    people = {
      coordinator: await signedInActor(db, a.id, "omil_lead"),
      member: await signedInActor(db, b.id, "omil_staff"),
      colleague: await signedInActor(db, b.id, "omil_lead"),
      dr: await signedInActor(db, dr.id, "dr_staff"),
      foreign: await signedInActor(db, z.id, "omil_lead"),
    };
    inactiveColleagueId = (await createUser(db, b.id, "omil_staff")).id;
    await db.update(user).set({ active: false }).where(eq(user.id, inactiveColleagueId));
    const created = await responseOf(
      newGoalAction({
        request: requestFor(`/redes/${netA.id}/metas/nueva`, {
          cookie: people.coordinator.cookie,
          form: { title: "Personas colocadas", indicatorSlug: "colocados", target: "100", year: String(year), periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, splitMode: "none" },
        }),
        params: { networkId: netA.id },
        context,
      }),
    );
    expect(created.status).toBe(302);
    goalId = created.headers.get("location")!.split("/").pop()!;
  });
  afterAll(async () => ctx.close());

  const goalUrl = () => `/redes/${ids.netA}/metas/${goalId}`;
  const post = (cookie: string, form: Record<string, string>, file?: { name: string; bytes: Uint8Array }, networkId = ids.netA) =>
    responseOf(goalAction({ request: multipart(`/redes/${networkId}/metas/${goalId}`, cookie, form, file), params: { networkId, goalId }, context }));
  const entryById = async (id: string) => (await ctx.handle.db.select().from(goalEntries).where(eq(goalEntries.id, id)))[0];
  const addEntry = async (cookie: string, note: string, file?: { name: string; bytes: Uint8Array }) => {
    expect((await post(cookie, { intent: "add-entry", value: "12,5", occurredOn: `${year}-02-10`, note }, file)).status).toBe(302);
    return (await ctx.handle.db.select().from(goalEntries).where(eq(goalEntries.note, note)))[0];
  };
  const notificationsFor = (userId: string) => ctx.handle.db.select().from(notifications).where(eq(notifications.userId, userId));
  const allNotifications = () => ctx.handle.db.select().from(notifications);
  const allEmails = () => ctx.handle.db.select().from(emailOutbox);
  /** The stored bytes of a file id (decision 0072), or undefined once deleted. */
  const storedBytes = async (fileId: string | null) => (fileId ? (await ctx.handle.db.select({ bytes: storedFiles.bytes }).from(storedFiles).where(eq(storedFiles.id, fileId)))[0]?.bytes : undefined);
  const storedCount = async () => (await ctx.handle.db.select({ id: storedFiles.id }).from(storedFiles)).length;

  describe("review notifications", () => {
    it("notifies the office's active people once when its entry is validated, and nobody when the reviewer is refused", async () => {
      const entry = await addEntry(people.member.cookie, "Febrero");
      // Refused reviewers change nothing and notify no one.
      expect((await post(people.member.cookie, { intent: "validate-entry", entryId: entry.id })).status).toBe(403);
      expect((await post(people.foreign.cookie, { intent: "validate-entry", entryId: entry.id }, undefined, ids.netB)).status).toBe(404);
      expect(await allNotifications()).toHaveLength(0);

      expect((await post(people.coordinator.cookie, { intent: "validate-entry", entryId: entry.id })).status).toBe(302);
      const mine = await notificationsFor(people.member.userId);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: "goal_entry_validated", title: "Avance validado en «Personas colocadas»", url: goalUrl(), readAt: null });
      expect(mine[0].body).toContain(`12,5 personas de febrero de ${year}`);
      expect(mine[0].body).toContain(`${people.coordinator.actor.name} (OMIL San Carlos) validó`);
      expect(await notificationsFor(people.colleague.userId)).toHaveLength(1);
      // Inactive accounts, the deciding office and the DR are not notified.
      expect(await notificationsFor(inactiveColleagueId)).toHaveLength(0);
      expect(await notificationsFor(people.coordinator.userId)).toHaveLength(0);
      expect(await allNotifications()).toHaveLength(2);

      const emails = await allEmails();
      expect(emails.map((e) => e.to).sort()).toEqual([people.member.actor.email, people.colleague.actor.email].sort());
      expect(emails[0].subject).toBe("Avance validado en «Personas colocadas»");
      expect(emails[0].text).toContain(`http://localhost:3000${goalUrl()}`);

      // Validating again (double click, second reviewer) is a no-op: no new notification or email.
      expect((await post(people.dr.cookie, { intent: "validate-entry", entryId: entry.id })).status).toBe(302);
      expect((await post(people.coordinator.cookie, { intent: "validate-entry", entryId: entry.id })).status).toBe(302);
      expect(await allNotifications()).toHaveLength(2);
      expect(await allEmails()).toHaveLength(2);
      expect((await entryById(entry.id)).reviewedBy).toBe(people.coordinator.userId);
    });

    it("tells the office who rejected its entry and why, once", async () => {
      const entry = await addEntry(people.member.cookie, "Marzo");
      const before = (await allNotifications()).length;
      const missingReason = await post(people.dr.cookie, { intent: "reject-entry", entryId: entry.id });
      expect(missingReason.status).toBe(400);
      expect((await allNotifications()).length).toBe(before);

      expect((await post(people.dr.cookie, { intent: "reject-entry", entryId: entry.id, reviewNote: "Falta la nómina firmada" })).status).toBe(302);
      expect((await post(people.dr.cookie, { intent: "reject-entry", entryId: entry.id, reviewNote: "Falta la nómina firmada" })).status).toBe(302);
      const rejected = (await notificationsFor(people.member.userId)).filter((n) => n.kind === "goal_entry_rejected");
      expect(rejected).toHaveLength(1);
      expect(rejected[0].title).toBe("Avance rechazado en «Personas colocadas»");
      expect(rejected[0].body).toContain(`${people.dr.actor.name} (DR Ñuble) rechazó el avance de 12,5 personas de febrero de ${year}`);
      expect(rejected[0].body).toContain("Motivo del rechazo: Falta la nómina firmada");
      const emails = (await allEmails()).filter((e) => e.subject.startsWith("Avance rechazado"));
      expect(emails).toHaveLength(2);
      expect(emails[0].text).toContain("Motivo del rechazo: Falta la nómina firmada");
    });

    it("notifies again when a decision is reverted (validated, then rejected)", async () => {
      const entry = await addEntry(people.member.cookie, "Abril");
      await post(people.coordinator.cookie, { intent: "validate-entry", entryId: entry.id });
      await post(people.coordinator.cookie, { intent: "reject-entry", entryId: entry.id, reviewNote: "Cifra duplicada" });
      const forEntry = (await notificationsFor(people.member.userId)).filter((n) => n.dedupeKey?.includes(entry.id));
      expect(forEntry.map((n) => n.kind).sort()).toEqual(["goal_entry_rejected", "goal_entry_validated"]);
    });
  });

  describe("replacing an entry's evidence file", () => {
    it("lets the office replace the file of its own pending entry; the old bytes are deleted with the commit", async () => {
      const entry = await addEntry(people.member.cookie, "Con respaldo", { name: "nomina.pdf", bytes: PDF });
      expect(await storedBytes(entry.fileId)).toEqual(PDF);
      const before = await storedCount();

      // Other offices, the DR and other networks may not.
      expect((await post(people.coordinator.cookie, { intent: "replace-evidence", entryId: entry.id }, { name: "otra.png", bytes: PNG })).status).toBe(403);
      expect((await post(people.dr.cookie, { intent: "replace-evidence", entryId: entry.id }, { name: "otra.png", bytes: PNG })).status).toBe(403);
      expect((await post(people.foreign.cookie, { intent: "replace-evidence", entryId: entry.id }, { name: "otra.png", bytes: PNG }, ids.netB)).status).toBe(404);
      expect(await storedCount()).toBe(before);

      const replaced = await post(people.colleague.cookie, { intent: "replace-evidence", entryId: entry.id }, { name: "foto nómina.png", bytes: PNG });
      expect(replaced.status).toBe(302);
      const row = await entryById(entry.id);
      expect(row).toMatchObject({ fileName: "foto nómina.png", fileMime: "image/png", fileSize: PNG.byteLength, fileReplacedBy: people.colleague.userId, status: "pending" });
      expect(row.fileReplacedAt).toBeInstanceOf(Date);
      expect(row.fileId).not.toBe(entry.fileId);
      expect(await storedBytes(entry.fileId)).toBeUndefined();
      expect(await storedBytes(row.fileId)).toEqual(PNG);
      expect(await storedCount()).toBe(before);
      // Nothing is written to this process's disk any more.
      expect(fs.existsSync(path.join(ctx.dataDir, "goal-evidence"))).toBe(false);

      // The download serves the new file, and the goal page shows who replaced it.
      const download = await responseOf(
        evidenceLoader({ request: requestFor(`${goalUrl()}/respaldo/${entry.id}`, { cookie: people.dr.cookie }), params: { networkId: ids.netA, goalId, entryId: entry.id }, context }),
      );
      expect(download.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG);
      const page = (await (await responseOf(goalLoader({ request: requestFor(goalUrl(), { cookie: people.member.cookie }), params: { networkId: ids.netA, goalId }, context }))).json()) as {
        pendingEntries: { id: string; fileReplacedByName: string | null; canReplaceEvidence: boolean }[];
      };
      const shown = page.pendingEntries.find((e) => e.id === entry.id)!;
      expect(shown).toMatchObject({ fileReplacedByName: people.colleague.actor.name, canReplaceEvidence: true });
    });

    it("adds a file to a pending entry that had none, and accepts a CSV as text", async () => {
      const entry = await addEntry(people.member.cookie, "Sin archivo");
      expect((await post(people.member.cookie, { intent: "replace-evidence", entryId: entry.id }, { name: "colocados.csv", bytes: new TextEncoder().encode("rut;nombre\n1-9;Ana Núñez\n") })).status).toBe(302);
      const row = await entryById(entry.id);
      expect(row).toMatchObject({ fileName: "colocados.txt", fileMime: "text/plain", fileReplacedBy: people.member.userId });
      expect(new TextDecoder().decode(await storedBytes(row.fileId))).toBe("rut;nombre\n1-9;Ana Núñez\n");
    });

    it("refuses a bad or missing file with the shared upload check's Spanish message and keeps the old file", async () => {
      const entry = await addEntry(people.member.cookie, "Archivo malo", { name: "nomina.pdf", bytes: PDF });
      const before = await storedCount();
      const cases: [{ name: string; bytes: Uint8Array } | undefined, RegExp][] = [
        [{ name: "nomina.pdf", bytes: ELF }, /«nomina\.pdf» no es un PDF, una imagen \(PNG, JPG, WEBP o GIF\).*su contenido es ELF/],
        [{ name: "binario.dat", bytes: new Uint8Array([0, 1, 2, 3, 0, 255, 254]) }, /«binario\.dat» no es un PDF/],
        [{ name: "grande.pdf", bytes: new Uint8Array(10 * 1024 * 1024 + 1) }, /supera el máximo de 10 MB/],
        [undefined, /Elige el archivo que reemplaza/],
      ];
      for (const [file, message] of cases) {
        const response = await post(people.member.cookie, { intent: "replace-evidence", entryId: entry.id }, file);
        expect(response.status).toBe(400);
        expect(JSON.stringify(await response.json())).toMatch(message);
      }
      expect(await entryById(entry.id)).toMatchObject({ fileId: entry.fileId, fileName: "nomina.pdf", fileReplacedAt: null });
      expect(await storedBytes(entry.fileId)).toEqual(PDF);
      expect(await storedCount()).toBe(before);
    });

    it("refuses to replace the file of a validated or rejected entry with a clear message", async () => {
      const entry = await addEntry(people.member.cookie, "Ya validado", { name: "nomina.pdf", bytes: PDF });
      await post(people.coordinator.cookie, { intent: "validate-entry", entryId: entry.id });
      const refused = await post(people.member.cookie, { intent: "replace-evidence", entryId: entry.id }, { name: "otra.png", bytes: PNG });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toBe(REVIEWED_EVIDENCE_MESSAGE);
      expect(await entryById(entry.id)).toMatchObject({ fileId: entry.fileId, fileReplacedAt: null });
      expect(await storedBytes(entry.fileId)).toEqual(PDF);

      await post(people.coordinator.cookie, { intent: "reject-entry", entryId: entry.id, reviewNote: "Revisar" });
      expect((await post(people.member.cookie, { intent: "replace-evidence", entryId: entry.id }, { name: "otra.png", bytes: PNG })).status).toBe(403);
    });

    it("re-checks the status inside the transaction: an entry validated meanwhile keeps its file and gets no stray one", async () => {
      const entry = await addEntry(people.member.cookie, "Carrera", { name: "nomina.pdf", bytes: PDF });
      const db = ctx.handle.db;
      const goal = (await findNetworkGoal(db, ids.netA, goalId))!;
      const stale = (await findGoalEntry(db, goal, entry.id))!;
      await db.update(goalEntries).set({ status: "validated" }).where(eq(goalEntries.id, entry.id));
      const before = await storedCount();
      const file = new File([PNG], "otra.png");
      await expect(replaceEntryEvidence(db, stale, people.member.actor, file)).rejects.toThrow(FieldError);
      expect(await entryById(entry.id)).toMatchObject({ fileId: entry.fileId, fileReplacedAt: null });
      expect(await storedBytes(entry.fileId)).toEqual(PDF);
      expect(await storedCount()).toBe(before);
    });
  });
});
