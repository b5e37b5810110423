import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema and committed; `npm run db:migrate` and the
// start script apply them to Postgres or the embedded PGlite alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
