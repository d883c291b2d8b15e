import { and, eq, isNull } from "drizzle-orm";
import { Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";
import type { Database } from "~/db/client.server";
import { meetingMinutes, networkMembers, user } from "~/db/schema";
import { enqueueEmail } from "~/email/outbox.server";
import { getEnv } from "~/env.server";
import { formatDateTime, formatDay } from "~/utils/dates";
import type { ReadableActivity } from "./activities.server.ts";
import { AGREEMENT_STATUS_LABELS, ATTENDANCE_LABELS, agreementDisplayStatus } from "./labels.ts";
import type { AgreementView } from "./meetings.server.ts";
import { readLiveMinutes, type MinutesBlock } from "./minutes-doc.server.ts";
import type { AttendanceStatus } from "~/db/schema";

/** Everything the printed, exported or emailed minutes show. */
export interface MinutesPackage {
  meeting: ReadableActivity;
  agenda: { title: string; presenter: string; minutes: number }[];
  attendance: { name: string; status: AttendanceStatus | null }[];
  agreements: AgreementView[];
  carried: AgreementView[];
  today: string;
}

const owner = (a: AgreementView) => a.ownerOrganizationName ?? a.ownerPerson;

function agreementLine(a: AgreementView, today: string) {
  return `${a.text} — Responsable: ${owner(a)}; plazo ${formatDay(a.dueOn)}; ${AGREEMENT_STATUS_LABELS[agreementDisplayStatus(a, today)]}`;
}

export function minutesText(p: MinutesPackage, blocksText: string): string {
  const { activity } = p.meeting;
  const lines = [
    `Minuta: ${activity.title}`,
    `${p.meeting.network.name} · ${formatDateTime(activity.startsAt)}`,
    "",
    "ASISTENCIA",
    ...p.attendance.map((a) => `- ${a.name}: ${a.status ? ATTENDANCE_LABELS[a.status] : "sin registrar"}`),
    "",
    "TABLA",
    ...p.agenda.map((i) => `- ${i.title} (${i.presenter || "sin expositor"}, ${i.minutes} min)`),
    "",
    "DESARROLLO",
    blocksText || "(sin texto)",
    "",
    "ACUERDOS",
    ...(p.agreements.length ? p.agreements.map((a) => `- ${agreementLine(a, p.today)}`) : ["(sin acuerdos nuevos)"]),
  ];
  if (p.carried.length) lines.push("", "SEGUIMIENTO DE ACUERDOS ANTERIORES", ...p.carried.map((a) => `- ${agreementLine(a, p.today)}`));
  return lines.join("\n");
}

function blockParagraph(b: MinutesBlock) {
  const children = b.runs.map((r) => new TextRun({ text: r.text, bold: r.bold, italics: r.italic }));
  if (b.kind === "heading") return new Paragraph({ heading: b.level === 3 ? HeadingLevel.HEADING_3 : HeadingLevel.HEADING_2, children });
  if (b.kind === "bullet" || b.kind === "ordered") return new Paragraph({ bullet: { level: 0 }, children });
  return new Paragraph({ children });
}

export async function minutesDocx(db: Database, p: MinutesPackage): Promise<Buffer> {
  const { blocks } = await readLiveMinutes(db, p.meeting.activity.id);
  const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(text)] });
  const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(text)] });
  const doc = new Document({
    creator: "Red OMIL",
    title: `Minuta ${p.meeting.activity.title}`,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(`Minuta: ${p.meeting.activity.title}`)] }),
          new Paragraph({ children: [new TextRun(`${p.meeting.network.name} · ${formatDateTime(p.meeting.activity.startsAt)}`)] }),
          heading("Asistencia"),
          ...p.attendance.map((a) => bullet(`${a.name}: ${a.status ? ATTENDANCE_LABELS[a.status] : "sin registrar"}`)),
          heading("Tabla"),
          ...p.agenda.map((i) => bullet(`${i.title} (${i.presenter || "sin expositor"}, ${i.minutes} min)`)),
          heading("Desarrollo"),
          ...(blocks.length ? blocks.map(blockParagraph) : [new Paragraph("(sin texto)")]),
          heading("Acuerdos"),
          ...(p.agreements.length ? p.agreements.map((a) => bullet(agreementLine(a, p.today))) : [new Paragraph("(sin acuerdos nuevos)")]),
          ...(p.carried.length ? [heading("Seguimiento de acuerdos anteriores"), ...p.carried.map((a) => bullet(agreementLine(a, p.today)))] : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** "Enviar minuta": one email per active person of the member offices, queued in one transaction. */
export async function sendMinutes(db: Database, p: MinutesPackage): Promise<number> {
  const { activity, network } = p.meeting;
  const minutes = await readLiveMinutes(db, activity.id);
  const recipients = await db
    .selectDistinct({ email: user.email })
    .from(user)
    .innerJoin(networkMembers, eq(networkMembers.organizationId, user.organizationId))
    .where(and(eq(networkMembers.networkId, network.id), isNull(networkMembers.leftOn), eq(user.active, true)));
  const link = `${getEnv().baseUrl}/reuniones/${activity.id}`;
  const text = `${minutesText(p, minutes.text)}\n\nVer la reunión: ${link}\n`;
  const subject = `Minuta ${activity.title} (${formatDateTime(activity.startsAt, "dd-MM-yyyy")})`;
  await db.transaction(async (tx) => {
    for (const r of recipients) await enqueueEmail(tx, { to: r.email, subject, text });
    await tx
      .insert(meetingMinutes)
      .values({ activityId: activity.id, text: minutes.text, html: minutes.html, sentAt: new Date() })
      .onConflictDoUpdate({ target: meetingMinutes.activityId, set: { text: minutes.text, html: minutes.html, sentAt: new Date(), updatedAt: new Date() } });
  });
  return recipients.length;
}
