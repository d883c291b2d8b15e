import { z } from "zod";
import { ACTIVITY_MODALITIES, ACTIVITY_STATUSES, AGREEMENT_OWNER_ROLES, AGREEMENT_STATUSES, ATTENDANCE_STATUSES } from "~/db/enums";

/* One zod schema per form, used by the browser (conform) and the action. */

const localDateTime = (required: string) =>
  z.string({ required_error: required }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Fecha y hora no válidas (AAAA-MM-DD HH:MM).");
const isoDay = (required: string) => z.string({ required_error: required }).regex(/^\d{4}-\d{2}-\d{2}$/, "Fecha no válida (AAAA-MM-DD).");
const optionalText = (max: number) => z.string().trim().max(max, `Máximo ${max} caracteres.`).optional().default("");
const optionalUuid = z.string().uuid("Elige una opción de la lista.").optional();

export const ActivityFormSchema = z
  .object({
    networkId: z.string({ required_error: "Elige la red." }).uuid("Elige la red."),
    typeSlug: z.string({ required_error: "Elige el tipo de actividad." }).min(1, "Elige el tipo de actividad."),
    title: z.string({ required_error: "Escribe el título." }).trim().min(3, "El título debe tener al menos 3 caracteres.").max(160, "Máximo 160 caracteres."),
    startsAt: localDateTime("Indica el inicio."),
    endsAt: localDateTime("Indica el término."),
    modality: z.enum(ACTIVITY_MODALITIES, { required_error: "Elige la modalidad.", invalid_type_error: "Elige la modalidad." }),
    comunaCode: z.string().regex(/^\d{4,5}$/, "Elige la comuna.").optional(),
    address: optionalText(300),
    onlineUrl: z
      .string()
      .trim()
      .url("Escribe un enlace completo (https://...).")
      .max(500, "Máximo 500 caracteres.")
      .optional()
      .transform((v) => v ?? ""),
    personInCharge: optionalText(160),
    audience: optionalText(300),
    hostOrganizationId: z.string({ required_error: "Elige la OMIL anfitriona." }).uuid("Elige la OMIL anfitriona."),
    cohostIds: z.array(z.string().uuid("OMIL no válida.")).optional().default([]),
    notes: optionalText(4000),
    /** "Ya se realizó": the activity is recorded after it happened (registro posterior). */
    alreadyHeld: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  })
  .superRefine((v, ctx) => {
    // Both are "YYYY-MM-DDTHH:MM" in the same zone, so text order is time order.
    if (v.endsAt <= v.startsAt) ctx.addIssue({ code: "custom", path: ["endsAt"], message: "El término debe ser posterior al inicio." });
    if (v.modality !== "presencial" && !v.onlineUrl) ctx.addIssue({ code: "custom", path: ["onlineUrl"], message: "Una actividad remota o híbrida necesita el enlace de conexión." });
    if (v.modality !== "remota" && !v.comunaCode) ctx.addIssue({ code: "custom", path: ["comunaCode"], message: "Indica la comuna donde se realiza." });
    if (v.cohostIds.includes(v.hostOrganizationId)) ctx.addIssue({ code: "custom", path: ["cohostIds"], message: "La anfitriona no puede ser también coanfitriona." });
  });
export type ActivityForm = z.infer<typeof ActivityFormSchema>;

export const StatusChangeSchema = z
  .object({
    intent: z.literal("status"),
    status: z.enum(ACTIVITY_STATUSES, { required_error: "Elige el nuevo estado." }),
    reason: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if ((v.status === "cancelada" || v.status === "reprogramada") && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Indica el motivo de la cancelación o reprogramación." });
    }
  });

/** Deleting an activity: the confirmation page's required checkbox. */
export const DeleteActivitySchema = z.object({
  confirm: z.literal("on", { errorMap: () => ({ message: "Marca la casilla para confirmar que quieres eliminar la actividad." }) }),
});

const ownerRefine = (v: { ownerOrganizationId?: string; ownerPerson: string }, ctx: z.RefinementCtx, what: string) => {
  if (!v.ownerOrganizationId && !v.ownerPerson) {
    ctx.addIssue({ code: "custom", path: ["ownerOrganizationId"], message: `Indica la OMIL o la persona responsable ${what}.` });
  }
};

export const TaskFormSchema = z
  .object({
    intent: z.literal("add-task"),
    title: z.string({ required_error: "Describe la tarea." }).trim().min(2, "Describe la tarea.").max(300, "Máximo 300 caracteres."),
    ownerOrganizationId: optionalUuid,
    ownerPerson: optionalText(160),
    dueOn: isoDay("Indica el plazo.").optional(),
  })
  .superRefine((v, ctx) => ownerRefine(v, ctx, "de la tarea"));

export const ToggleTaskSchema = z.object({ intent: z.literal("toggle-task"), taskId: z.string().uuid() });

const agendaItemFields = {
  title: z.string({ required_error: "Escribe el tema." }).trim().min(2, "Escribe el tema.").max(200, "Máximo 200 caracteres."),
  presenter: optionalText(160),
  minutes: z.coerce
    .number({ required_error: "Indica los minutos.", invalid_type_error: "Indica los minutos." })
    .int("Escribe un número entero.")
    .min(1, "Al menos 1 minuto.")
    .max(480, "Máximo 480 minutos."),
};
const agendaItemId = z.string({ required_error: "Falta el tema de la tabla." }).uuid("Tema de la tabla no válido.");

export const AgendaItemSchema = z.object({ intent: z.literal("add-agenda"), ...agendaItemFields });
/** Editing an item in place: the same fields as adding one. */
export const EditAgendaItemSchema = z.object({ intent: z.literal("edit-agenda"), itemId: agendaItemId, ...agendaItemFields });
/** "Subir" / "Bajar": one small form per button. */
export const MoveAgendaItemSchema = z.object({
  intent: z.literal("move-agenda"),
  itemId: agendaItemId,
  direction: z.enum(["up", "down"], { errorMap: () => ({ message: "Indica si el tema sube o baja." }) }),
});
export const RemoveAgendaItemSchema = z.object({ intent: z.literal("remove-agenda"), itemId: agendaItemId });

export const AttendanceSchema = z.object({
  intent: z.literal("attendance"),
  attendance: z.record(z.string().uuid(), z.enum(ATTENDANCE_STATUSES)).optional().default({}),
});

export const AgreementFormSchema = z
  .object({
    intent: z.literal("add-agreement"),
    text: z.string({ required_error: "Escribe el acuerdo." }).trim().min(3, "Escribe el acuerdo.").max(1000, "Máximo 1000 caracteres."),
    ownerOrganizationId: optionalUuid,
    ownerPerson: optionalText(160),
    // A coordination task follows the coordination when it rotates; an office task stays with its office.
    ownerRole: z.enum(AGREEMENT_OWNER_ROLES, { invalid_type_error: "Elige de quién es la tarea." }).default("oficina"),
    dueOn: isoDay("Indica el plazo del acuerdo."),
  })
  .superRefine((v, ctx) => ownerRefine(v, ctx, "del acuerdo"));

export const AgreementUpdateSchema = z
  .object({
    intent: z.literal("update-agreement"),
    agreementId: z.string().uuid(),
    status: z.enum(AGREEMENT_STATUSES, { required_error: "Elige el estado." }),
    closingNote: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.status === "cumplido" && !v.closingNote) ctx.addIssue({ code: "custom", path: ["closingNote"], message: "Para cerrar el acuerdo, escribe una nota de cierre." });
  });

export const SendMinutesSchema = z.object({ intent: z.literal("send-minutes") });

/** "Cerrar acta": locks minutes, agenda and attendance of a held meeting. */
export const CloseMinutesSchema = z.object({ intent: z.literal("close-minutes") });
/** "Reabrir acta": explicit, with the reason kept in the history and the audit log. */
export const ReopenMinutesSchema = z.object({
  intent: z.literal("reopen-minutes"),
  reason: z
    .string({ required_error: "Indica por qué reabres la minuta." })
    .trim()
    .min(3, "Indica por qué reabres la minuta.")
    .max(500, "Máximo 500 caracteres."),
});

export const MeetingScheduleSchema = z.object({
  intent: z.literal("schedule"),
  ordinal: z.coerce.number().int().refine((n) => [1, 2, 3, 4, -1].includes(n), "Elige la semana."),
  weekday: z.coerce.number().int().min(1, "Elige el día.").max(7, "Elige el día."),
  startTime: z.string({ required_error: "Indica la hora." }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Hora no válida (HH:MM)."),
  durationMinutes: z.coerce.number({ invalid_type_error: "Indica la duración." }).int().min(15, "Al menos 15 minutos.").max(480, "Máximo 480 minutos."),
  modality: z.enum(ACTIVITY_MODALITIES).optional().default("hibrida"),
});

export const CreateProposedMeetingSchema = z.object({ intent: z.literal("create-meeting"), day: isoDay("Elige la fecha.") });

export const FeedTokenSchema = z.object({
  intent: z.enum(["create-feed", "revoke-feed"]),
  networkId: z.string().uuid().optional(),
  feedId: z.string().uuid().optional(),
});

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Hora no válida (HH:MM).");

/** A DR's day visiting several comunas: up to four stops, each a mayor briefing. */
export const ItinerarySchema = z
  .object({
    day: isoDay("Indica el día de la visita."),
    title: z.string({ required_error: "Escribe un nombre para el itinerario." }).trim().min(3, "Escribe un nombre para el itinerario.").max(160, "Máximo 160 caracteres."),
    stops: z
      .array(z.object({ stop: z.string().optional(), start: clock.optional(), end: clock.optional() }))
      .optional()
      .default([]),
  })
  .superRefine((v, ctx) => {
    const filled = v.stops.map((s, index) => ({ ...s, index })).filter((s) => s.stop);
    if (filled.length < 2) ctx.addIssue({ code: "custom", path: ["stops"], message: "Indica al menos dos comunas para el itinerario." });
    let previousEnd = "";
    for (const s of filled) {
      if (!s.start || !s.end) {
        ctx.addIssue({ code: "custom", path: ["stops", s.index, "start"], message: "Indica la hora de inicio y de término." });
        continue;
      }
      if (s.end <= s.start) ctx.addIssue({ code: "custom", path: ["stops", s.index, "end"], message: "El término debe ser posterior al inicio." });
      if (previousEnd && s.start < previousEnd) ctx.addIssue({ code: "custom", path: ["stops", s.index, "start"], message: "Se superpone con la visita anterior." });
      previousEnd = s.end;
    }
  });
export type ItineraryForm = z.infer<typeof ItinerarySchema>;
