// `npm start`: build when needed, migrate, seed the demo merchant on an empty database,
// start the provider sandbox and the app, print where everything is. Ctrl-C stops all.
//   --dev  runs Next in development mode instead of a production build
//   --e2e  uses a throw-away database (fresh Postgres database or temporary PGlite dir)
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createScratchDatabase, loadLocalSecrets } from "./local-env";

const args = new Set(process.argv.slice(2));
const dev = args.has("--dev");
const e2e = args.has("--e2e");
const root = process.cwd();

const port = Number(process.env.PORT ?? 3000);
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
const sandboxUrl = process.env.SANDBOX_URL ?? `http://localhost:${sandboxPort}`;
const dataDir = e2e ? mkdtempSync(path.join(tmpdir(), "checkout-e2e-")) : (process.env.DATA_DIR ?? ".data");

let dropScratch: (() => Promise<void>) | null = null;
let databaseUrl = process.env.DATABASE_URL;
if (e2e && databaseUrl) {
  const scratch = await createScratchDatabase(databaseUrl, "checkout_e2e");
  databaseUrl = scratch.url;
  dropScratch = scratch.drop;
}

const secrets = loadLocalSecrets(dataDir);
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ...secrets,
  PORT: String(port),
  SANDBOX_PORT: String(sandboxPort),
  APP_URL: appUrl,
  SANDBOX_URL: sandboxUrl,
  DATA_DIR: dataDir,
  NEXTAUTH_URL: appUrl,
  // Next leaves SIGTERM/SIGINT to instrumentation.ts, which closes the database first.
  NEXT_MANUAL_SIG_HANDLE: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  // The demo shop receives its webhooks on loopback, so local runs allow private targets;
  // an operator who sets NODE_ENV=production (or the variable itself) decides otherwise.
  ...(process.env.ALLOW_PRIVATE_NETWORK_TARGETS === undefined && (e2e || process.env.NODE_ENV !== "production") ? { ALLOW_PRIVATE_NETWORK_TARGETS: "true" } : {}),
};
Object.assign(process.env, childEnv);

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

function needsBuild(): boolean {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "db", "public", "next.config.ts", "package-lock.json", "tsconfig.json", "postcss.config.mjs"];
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

if (!dev && needsBuild()) {
  console.log("building the app (first start or sources changed)…");
  const r = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { stdio: "inherit", env: { ...childEnv, NODE_ENV: "production" } });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

{
  const { openDatabase, migrate } = await import("../db/client");
  const { seedDemo } = await import("../lib/setup/seed-demo");
  const h = await openDatabase();
  await migrate(h);
  const seeded = await h.db.transaction((tx) =>
    seedDemo(tx, {
      apiKey: secrets.DEMO_API_KEY,
      adminEmail: secrets.DEMO_ADMIN_EMAIL,
      adminPassword: secrets.DEMO_ADMIN_PASSWORD,
      viewerEmail: secrets.DEMO_VIEWER_EMAIL,
      viewerPassword: secrets.DEMO_VIEWER_PASSWORD,
      sandboxUrl,
      appUrl,
      webhookSecret: secrets.DEMO_WEBHOOK_SECRET,
      // Optional branding of the demo merchant; checked like the admin's branding form.
      branding: {
        displayName: process.env.DEMO_DISPLAY_NAME ?? null,
        logoUrl: process.env.DEMO_LOGO_URL ?? null,
        brandColor: process.env.DEMO_BRAND_COLOR ?? null,
        termsUrl: process.env.DEMO_TERMS_URL ?? null,
        privacyUrl: process.env.DEMO_PRIVACY_URL ?? null,
      },
      ...(process.env.DEMO_OTHER_ADMIN_EMAIL && process.env.DEMO_OTHER_ADMIN_PASSWORD
        ? { otherMerchant: { adminEmail: process.env.DEMO_OTHER_ADMIN_EMAIL, adminPassword: process.env.DEMO_OTHER_ADMIN_PASSWORD } }
        : {}),
    }),
  );
  await h.close();
  console.log(`database ready (${h.kind})${seeded.seeded ? ", demo merchant seeded" : ""}`);
}

const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(cmd, cmdArgs, { stdio: "inherit", env });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping`);
      void stop(1);
    }
  });
  return child;
}

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const waits = children
    .filter((c) => c.exitCode === null && c.signalCode === null)
    .map(
      (c) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            c.kill("SIGKILL");
            resolve();
          }, 10_000);
          c.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          c.kill("SIGTERM");
        }),
    );
  await Promise.all(waits);
  if (dropScratch) await dropScratch();
  process.exit(code);
}

process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

run("sandbox", path.join(root, "node_modules/.bin/tsx"), ["sandbox/server.ts"], { ...childEnv, PUBLIC_URL: sandboxUrl });
// Our own server in front of Next, so route handlers learn the socket's peer address.
run("app", path.join(root, "node_modules/.bin/tsx"), ["scripts/serve.ts", ...(dev ? ["--dev"] : [])], {
  ...childEnv,
  NODE_ENV: dev ? "development" : "production",
});

console.log(`
  Hosted checkout is starting
    demo shop    ${appUrl}/demo
    admin        ${appUrl}/admin   (owner ${secrets.DEMO_ADMIN_EMAIL} / ${secrets.DEMO_ADMIN_PASSWORD}, viewer ${secrets.DEMO_VIEWER_EMAIL} / ${secrets.DEMO_VIEWER_PASSWORD})
    merchant API ${appUrl}/api/v1   (demo key ${secrets.DEMO_API_KEY})
    health       ${appUrl}/api/health
    sandbox      ${sandboxUrl}
  Ctrl-C stops everything.
`);
