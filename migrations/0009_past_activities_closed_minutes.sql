CREATE TABLE "meeting_minutes_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"activity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"user_id" text,
	"user_name" text NOT NULL,
	"organization_name" text DEFAULT '' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "recorded_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "minutes_closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meeting_minutes_events" ADD CONSTRAINT "meeting_minutes_events_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes_events" ADD CONSTRAINT "meeting_minutes_events_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_minutes_events_activity_idx" ON "meeting_minutes_events" USING btree ("activity_id","at");