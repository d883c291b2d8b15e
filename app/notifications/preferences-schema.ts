import { z } from "zod";
import { CATEGORY_LABELS, DELIVERIES, NOTIFICATION_CATEGORIES, type NotificationCategory } from "./categories.ts";

const delivery = (category: NotificationCategory) =>
  z.enum(DELIVERIES, {
    errorMap: () => ({ message: `Elige cómo recibir los avisos de «${CATEGORY_LABELS[category].label}».` }),
  });

/** The preferences form (client and server): one delivery per category. */
export const PreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, delivery(c)])) as { [K in NotificationCategory]: ReturnType<typeof delivery> },
);
