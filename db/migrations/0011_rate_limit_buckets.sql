CREATE TABLE "rate_limit_buckets" (
	"key" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"shard" integer NOT NULL,
	"count" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "rate_limit_buckets_key_bucket_start_shard_pk" PRIMARY KEY("key","bucket_start","shard")
);
--> statement-breakpoint
DROP TABLE "rate_limits" CASCADE;--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_expires_idx" ON "rate_limit_buckets" USING btree ("expires_at");