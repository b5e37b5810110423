import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createSession } from "@/app/api/v1/checkout/sessions/route";
import { POST as cancelSession } from "@/app/api/v1/checkout/sessions/[id]/cancel/route";
import { checkoutSessions, webhookEvents } from "@/db/schema";
import { env } from "@/lib/env";
import { createMerchant, createSession as createSessionRow } from "@/test/factories";
import { testDb } from "@/test/db";
import { kill, startChild, type Child } from "@/test/crash/child";
import { crashSessionBody } from "@/test/crash/session-body";

// A merchant's server retries a request whose answer it never got because our process died.
// The process is a real child, SIGKILLed at a named point (TEST_CRASH_POINT) or at random
// moments; the retry must replay the first answer or, when nothing was committed, do the work
// exactly once. A crash needs a database server that outlives the process: real Postgres.
const URL_BASE = "http://localhost:3999/api/v1/checkout/sessions";

function retryCreate(apiKey: string, key: string) {
  const headers = { authorization: `Bearer ${apiKey}`, "idempotency-key": key, "content-type": "application/json" };
  return createSession(new Request(URL_BASE, { method: "POST", headers, body: JSON.stringify(crashSessionBody(key)) }));
}

function retryCancel(apiKey: string, sessionId: string, key: string) {
  const headers = { authorization: `Bearer ${apiKey}`, "idempotency-key": key };
  return cancelSession(new Request(`${URL_BASE}/${sessionId}/cancel`, { method: "POST", headers }), { params: Promise.resolve({ id: sessionId }) });
}

function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : ((result as { rows?: T[] }).rows ?? []);
}

async function sessionsFor(merchantId: string, key: string): Promise<string[]> {
  const db = await testDb();
  const rows = await db
    .select({ id: checkoutSessions.id })
    .from(checkoutSessions)
    .where(and(eq(checkoutSessions.merchantId, merchantId), sql`${checkoutSessions.metadata}->>'order' = ${key}`))
    .orderBy(checkoutSessions.id);
  return rows.map((r) => r.id);
}

/**
 * Where a retry stands once the dead process's connections are gone (the server rolls back
 * what they left open) and the 60 s lock on a key it left in flight has passed (moved back).
 */
async function afterTheCrash(child: Child, merchantId: string, keys: string[]): Promise<void> {
  const db = await testDb();
  for (let i = 0; ; i++) {
    const left = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from pg_stat_activity where application_name = ${child.appName}`));
    if (Number(left[0]?.n ?? 0) === 0) break;
    if (i > 200) throw new Error("the killed process's connections are still open after 20 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  if (keys.length > 0) await db.execute(sql`update idempotency_keys set locked_until = now() - interval '1 second' where merchant_id = ${merchantId} and key in ${keys}`);
}

describe.skipIf(!env.DATABASE_URL)("Idempotency-Key across a crash (needs DATABASE_URL: skipped on the embedded database, a crash needs a server that outlives the process)", () => {
  beforeAll(async () => {
    await testDb();
  });

  it("create: a process killed once the work is done, before it answered, leaves one session that the retry answers with", async () => {
    const { merchant, apiKey } = await createMerchant({ name: "Crashing shop" });
    const prefix = `crash-work-${Date.now()}`;
    const key = `${prefix}-0`;
    const child = startChild(["create", apiKey, prefix, "1"], "idempotency:work-done");
    await child.waitFor(/^crash-point idempotency:work-done$/);
    await kill(child);
    expect(child.lines.some((l) => l.startsWith("done "))).toBe(false);

    await afterTheCrash(child, merchant.id, [key]);
    const res = await retryCreate(apiKey, key);
    expect(res.status).toBe(201);
    const answered = ((await res.json()) as { id: string }).id;
    expect(await sessionsFor(merchant.id, key)).toEqual([answered]);
    const again = await retryCreate(apiKey, key);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(((await again.json()) as { id: string }).id).toBe(answered);
  });

  it("cancel: a process killed inside the work's transaction leaves the session open; the retry cancels it once", async () => {
    const { merchant, apiKey } = await createMerchant({ name: "Crashing shop" });
    const session = await createSessionRow(merchant.id);
    const key = `crash-cancel-${Date.now()}`;
    const child = startChild(["cancel", apiKey, session.id, key], "idempotency:work-done");
    await child.waitFor(/^crash-point idempotency:work-done$/);
    await kill(child);

    await afterTheCrash(child, merchant.id, [key]);
    const db = await testDb();
    const [before] = await db.select({ status: checkoutSessions.status }).from(checkoutSessions).where(eq(checkoutSessions.id, session.id));
    expect(before?.status).toBe("open");
    const res = await retryCancel(apiKey, session.id, key);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("cancelled");
    const events = await db
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.merchantId, merchant.id), eq(webhookEvents.type, "checkout_session.cancelled")));
    expect(events).toHaveLength(1);
    const again = await retryCancel(apiKey, session.id, key);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
  });

  it("processes killed at random moments never leave a key with two sessions or a wrong answer", async () => {
    const rounds = 5;
    let killedMidRequest = 0;
    for (let round = 0; round < rounds; round++) {
      // A merchant per round keeps every round inside the per-minute rate limit.
      const { merchant, apiKey } = await createMerchant({ name: `Crashing shop ${round}` });
      const prefix = `crash-random-${Date.now()}-${round}`;
      const child = startChild(["create", apiKey, prefix, "1000"]);
      await child.waitFor(/^start /);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 500));
      await kill(child);
      const started = child.lines.filter((l) => l.startsWith("start ")).map((l) => l.slice("start ".length));
      const answered = new Map(
        child.lines.filter((l) => l.startsWith("done ")).map((l) => {
          const [, key = "", , id = ""] = l.split(" ");
          return [key, id] as const;
        }),
      );
      if (started.some((k) => !answered.has(k))) killedMidRequest++;

      await afterTheCrash(child, merchant.id, started);
      for (const key of started) {
        const res = await retryCreate(apiKey, key);
        expect(res.status).toBe(201);
        const id = ((await res.json()) as { id: string }).id;
        // A key the dead process had answered replays that answer.
        if (answered.has(key)) expect(id).toBe(answered.get(key));
        expect(await sessionsFor(merchant.id, key)).toEqual([id]);
      }
    }
    // The process is almost always inside a request (only microseconds pass between two),
    // so the kills did land mid-request.
    expect(killedMidRequest).toBeGreaterThan(0);
  }, 180_000);
});
