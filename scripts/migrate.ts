// `npm run db:migrate`: apply committed migrations to DATABASE_URL or the embedded database.
import { loadLocalSecrets } from "./local-env";

const dataDir = process.env.DATA_DIR ?? ".data";
if (!process.env.DATABASE_URL) loadLocalSecrets(dataDir);
const { openDatabase, migrate } = await import("../db/client");
const h = await openDatabase();
await migrate(h);
await h.close();
console.log(`migrations applied (${h.kind})`);
