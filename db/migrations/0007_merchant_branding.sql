ALTER TABLE "merchants" ADD COLUMN "display_name" text;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "brand_color" text;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "terms_url" text;--> statement-breakpoint
ALTER TABLE "merchants" ADD COLUMN "privacy_url" text;