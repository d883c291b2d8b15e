CREATE TABLE "stored_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "proposal_attachments" ALTER COLUMN "storage_path" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "practice_attachments" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "proposal_attachments" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "goal_entries" ADD COLUMN "file_id" uuid;--> statement-breakpoint
ALTER TABLE "practice_attachments" ADD CONSTRAINT "practice_attachments_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_attachments" ADD CONSTRAINT "proposal_attachments_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_entries" ADD CONSTRAINT "goal_entries_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "practice_attachments_file_idx" ON "practice_attachments" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "proposal_attachments_file_idx" ON "proposal_attachments" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "goal_entries_file_idx" ON "goal_entries" USING btree ("file_id");