CREATE TABLE "held_card_data" (
	"operation_id" text PRIMARY KEY NOT NULL,
	"merchant_id" text NOT NULL,
	"jwe" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_response_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"public_pem" text NOT NULL,
	"private_key_sealed" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "step_token_hash" text;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "action_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "action_completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "held_card_data" ADD CONSTRAINT "held_card_data_operation_id_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "held_card_data" ADD CONSTRAINT "held_card_data_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "operations_due_idx" ON "operations" USING btree ("due_at") WHERE "operations"."due_at" is not null;