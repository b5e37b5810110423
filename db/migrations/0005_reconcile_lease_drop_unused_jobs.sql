DROP TABLE "jobs" CASCADE;--> statement-breakpoint
ALTER TABLE "operations" ADD COLUMN "reconcile_after" timestamp with time zone;