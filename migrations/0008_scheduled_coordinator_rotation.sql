ALTER TABLE "network_coordinators" ADD COLUMN "handover_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "network_coordinators" ADD COLUMN "handed_over_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "owner_role" text DEFAULT 'oficina' NOT NULL;