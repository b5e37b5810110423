ALTER TABLE "operations" ADD COLUMN "connector_state" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "attention" text;--> statement-breakpoint
CREATE INDEX "operations_merchant_attention_idx" ON "operations" USING btree ("merchant_id","created_at" DESC NULLS LAST) WHERE "operations"."attention" is not null;