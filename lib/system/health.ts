import { sql } from "drizzle-orm";
import { handle } from "@/db/client";

const startedAt = Date.now();

export async function checkHealth() {
  const t0 = performance.now();
  try {
    const h = await handle();
    await h.db.execute(sql`select 1`);
    return {
      healthy: true,
      body: {
        status: "ok" as const,
        app: { status: "ok" as const, uptime_s: Math.round((Date.now() - startedAt) / 1000) },
        database: { status: "ok" as const, kind: h.kind, latency_ms: Math.round((performance.now() - t0) * 10) / 10 },
      },
    };
  } catch {
    return {
      healthy: false,
      body: {
        status: "degraded" as const,
        app: { status: "ok" as const, uptime_s: Math.round((Date.now() - startedAt) / 1000) },
        database: { status: "unavailable" as const },
      },
    };
  }
}
