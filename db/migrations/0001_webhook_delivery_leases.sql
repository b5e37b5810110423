CREATE TABLE "demo_webhook_receipts" (
	"id" text PRIMARY KEY NOT NULL,
	"webhook_id" text,
	"event_type" text,
	"verified" boolean NOT NULL,
	"error" text,
	"payload" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "last_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "first_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "locked_by" text;--> statement-breakpoint
CREATE INDEX "demo_webhook_receipts_received_idx" ON "demo_webhook_receipts" USING btree ("received_at" DESC NULLS LAST);