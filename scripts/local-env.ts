import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// A fresh machine has no secrets configured. For local runs we generate them once and
// keep them in DATA_DIR (git-ignored, mode 0600) so restarts keep decrypting stored
// credentials; anything set in the environment wins. Production sets them all.
export interface LocalSecrets {
  ENCRYPTION_KEY: string;
  NEXTAUTH_SECRET: string;
  DEMO_API_KEY: string;
  DEMO_ADMIN_EMAIL: string;
  DEMO_ADMIN_PASSWORD: string;
  DEMO_VIEWER_EMAIL: string;
  DEMO_VIEWER_PASSWORD: string;
  DEMO_WEBHOOK_SECRET: string;
}

export function loadLocalSecrets(dataDir: string): LocalSecrets {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "local-secrets.json");
  const stored: Partial<LocalSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<LocalSecrets>) : {};
  const generated: LocalSecrets = {
    ENCRYPTION_KEY: stored.ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    NEXTAUTH_SECRET: stored.NEXTAUTH_SECRET ?? randomBytes(32).toString("base64url"),
    DEMO_API_KEY: stored.DEMO_API_KEY ?? `sk_test_${randomBytes(24).toString("base64url")}`,
    DEMO_ADMIN_EMAIL: stored.DEMO_ADMIN_EMAIL ?? "owner@demo.test",
    DEMO_ADMIN_PASSWORD: stored.DEMO_ADMIN_PASSWORD ?? randomBytes(9).toString("base64url"),
    DEMO_VIEWER_EMAIL: stored.DEMO_VIEWER_EMAIL ?? "viewer@demo.test",
    DEMO_VIEWER_PASSWORD: stored.DEMO_VIEWER_PASSWORD ?? randomBytes(9).toString("base64url"),
    DEMO_WEBHOOK_SECRET: stored.DEMO_WEBHOOK_SECRET ?? `whsec_${randomBytes(24).toString("base64")}`,
  };
  writeFileSync(file, JSON.stringify(generated, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  const out = { ...generated };
  for (const k of Object.keys(out) as Array<keyof LocalSecrets>) {
    const fromEnv = process.env[k];
    if (fromEnv) out[k] = fromEnv;
  }
  return out;
}

/** A fresh, uniquely named database on the server DATABASE_URL points at. */
export async function createScratchDatabase(baseUrl: string, prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const { default: postgres } = await import("postgres");
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(baseUrl, { max: 1, onnotice: () => undefined });
      await a.unsafe(`drop database if exists "${name}" with (force)`).catch(() => undefined);
      await a.end();
    },
  };
}
