CREATE TABLE "job_leases" (
	"name" text PRIMARY KEY NOT NULL,
	"held_by" text NOT NULL,
	"held_until" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "claimed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD COLUMN "claimed_by" text;