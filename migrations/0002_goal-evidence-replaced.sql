ALTER TABLE "goal_entries" ADD COLUMN "file_replaced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "goal_entries" ADD COLUMN "file_replaced_by" text;--> statement-breakpoint
ALTER TABLE "goal_entries" ADD CONSTRAINT "goal_entries_file_replaced_by_user_id_fk" FOREIGN KEY ("file_replaced_by") REFERENCES "public"."user"("id") ON DELETE set null ON UPDATE no action;