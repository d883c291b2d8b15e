import { z } from "zod";

/* One zod schema per form of the proposals feature, used by client and server. */

const day = z.string({ required_error: "Indica la fecha." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Usa el formato AAAA-MM-DD.");
const requiredText = (what: string, max = 200) =>
  z.string({ required_error: `Indica ${what}.` }).trim().min(1, `Indica ${what}.`).max(max, `Máximo ${max} caracteres.`);

export const CALL_SECTION_SLOTS = 8;

export const CallSectionSchema = z.object({
  title: z.string().trim().max(150).optional(),
  guidance: z.string().trim().max(1000).optional(),
  maxCharacters: z.coerce.number({ invalid_type_error: "Debe ser un número." }).int().min(0, "No puede ser negativo.").max(50_000).optional(),
  required: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
});

export const CallSchema = z
  .object({
    name: requiredText("el nombre de la convocatoria"),
    year: z.coerce.number({ required_error: "Indica el año." }).int().min(2000, "Año inválido.").max(2100, "Año inválido."),
    description: z.string().trim().max(4000).default(""),
    opensOn: day,
    closesOn: day,
    eligibleRegionCodes: z.array(z.string().regex(/^\d{2}$/)).min(1, "Elige al menos una región."),
    sections: z.array(CallSectionSchema).max(CALL_SECTION_SLOTS),
    requiredAttachments: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    maxBudget: z.coerce.number({ required_error: "Indica el presupuesto máximo.", invalid_type_error: "Debe ser un número en pesos." }).int().min(1, "Debe ser mayor que cero."),
    noRepeatedTheme: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
  })
  .superRefine((v, ctx) => {
    if (v.closesOn < v.opensOn) ctx.addIssue({ code: "custom", path: ["closesOn"], message: "El cierre no puede ser anterior a la apertura." });
    if (!v.sections.some((s) => s.title)) ctx.addIssue({ code: "custom", path: ["sections"], message: "Agrega al menos una sección con título." });
  })
  .transform((v) => ({
    ...v,
    sections: v.sections
      .filter((s) => s.title)
      .map((s) => ({ title: s.title!, guidance: s.guidance ?? "", maxCharacters: s.maxCharacters ?? 0, required: s.required })),
  }));
export type CallForm = z.infer<typeof CallSchema>;

export const StartProposalSchema = z.object({
  networkId: z.string({ required_error: "Elige la red." }).uuid("Elige la red."),
  title: requiredText("el título de la propuesta"),
  themeSlug: z.string({ required_error: "Elige el tema." }).min(1, "Elige el tema."),
  /** Empty: the creator's own OMIL is responsible. */
  responsibleOrganizationIds: z.array(z.string().uuid()).default([]),
});
export type StartProposalForm = z.infer<typeof StartProposalSchema>;

/** The editor posts the browser's Yjs state (base64) with status moves and versions when JavaScript runs. */
const clientState = z.string().max(6_000_000).optional();

export const ProposalDetailsSchema = z.object({
  intent: z.literal("details"),
  title: requiredText("el título de la propuesta"),
  themeSlug: z.string({ required_error: "Elige el tema." }).min(1, "Elige el tema."),
  responsibleOrganizationIds: z.array(z.string().uuid()).min(1, "Elige al menos una OMIL responsable."),
});
export const MarkReadySchema = z.object({ intent: z.literal("mark-ready"), state: clientState });
export const BackToDraftSchema = z.object({ intent: z.literal("back-to-draft") });
export const SubmitSchema = z.object({ intent: z.literal("submit"), state: clientState });
export const OutcomeSchema = z.object({ intent: z.literal("outcome"), outcome: z.enum(["adjudicada", "no_adjudicada"], { required_error: "Elige el resultado." }) });
export const SaveVersionSchema = z.object({ intent: z.literal("save-version"), name: requiredText("un nombre para la versión", 120), state: clientState });

/**
 * People mentioned from the checklist (the form without JavaScript) or picked
 * from the "@" suggestions; each once. The server adds the people named as
 * "@Nombre Apellido" in the text (see mentions.ts) and notifies each once.
 */
const mentionUserIds = z
  .array(z.string().min(1).max(100))
  .max(100, "Demasiadas menciones.")
  .default([])
  .transform((ids) => [...new Set(ids)]);

export const NewThreadSchema = z.object({
  intent: z.literal("new-thread"),
  sectionKey: z.string().min(1),
  quote: z.string().max(2000).default(""),
  anchorStart: z.string().max(2000).optional(),
  anchorEnd: z.string().max(2000).optional(),
  body: requiredText("el comentario", 4000),
  mentionUserIds,
});
export const ReplySchema = z.object({
  intent: z.literal("reply"),
  threadId: z.string().uuid(),
  body: requiredText("la respuesta", 4000),
  mentionUserIds,
});
export const ResolveThreadSchema = z.object({ intent: z.enum(["resolve-thread", "reopen-thread"]), threadId: z.string().uuid() });

/** Upload one attachment (multipart, works without JavaScript); the type is checked by content on the server. */
export const AttachSchema = z.object({
  intent: z.literal("attach"),
  requirement: z.string({ required_error: "Elige qué documento es." }).min(1, "Elige qué documento es."),
  attachment: z.instanceof(File, { message: "Elige un archivo." }).refine((f) => f.size > 0, "Elige un archivo."),
});
export const RemoveAttachmentSchema = z.object({ intent: z.literal("remove-attachment"), attachmentId: z.string().uuid() });
