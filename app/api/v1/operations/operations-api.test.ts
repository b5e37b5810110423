import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/v1/operations/route";
import { GET as getRoute } from "@/app/api/v1/operations/[id]/route";
import { POST as cancelRoute } from "@/app/api/v1/operations/[id]/cancel/route";
import { POST as cancelSessionRoute } from "@/app/api/v1/checkout/sessions/[id]/cancel/route";
import { sql } from "drizzle-orm";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import { testDb } from "@/test/db";
import { merchantOn, startHarness, startPayment, testCard, waitForOperation, type Harness } from "@/test/provider-harness";

const base = "http://localhost:3999/api/v1";
const auth = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });

function getOp(key: string, id: string) {
  return getRoute(new Request(`${base}/operations/${id}`, { headers: auth(key) }), { params: Promise.resolve({ id }) });
}
function list(key: string, query: string) {
  return listRoute(new Request(`${base}/operations?${query}`, { headers: auth(key) }));
}
function cancelOp(key: string, id: string, idem?: string) {
  return cancelRoute(new Request(`${base}/operations/${id}/cancel`, { method: "POST", headers: auth(key, idem ? { "idempotency-key": idem } : {}) }), { params: Promise.resolve({ id }) });
}
function cancelSession(key: string, id: string) {
  return cancelSessionRoute(new Request(`${base}/checkout/sessions/${id}/cancel`, { method: "POST", headers: auth(key) }), { params: Promise.resolve({ id }) });
}

describe("merchant API: operations and session cancel", () => {
  let h: Harness;
  let a: Awaited<ReturnType<typeof createMerchant>>;
  let b: Awaited<ReturnType<typeof createMerchant>>;
  beforeAll(async () => {
    h = await startHarness();
    a = await merchantOn(h);
    b = await createMerchant({ name: "Other shop" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("pages through operations created within the same millisecond without skipping any", async () => {
    const session = await createSession(a.merchant.id);
    const db = await testDb();
    const ids: string[] = [];
    // Microsecond times inside one millisecond: a cursor compared as a JS Date would skip some.
    for (const micros of ["123456", "123789", "123999", "123001"]) {
      const op = await createOperation(a.merchant.id, session.id);
      await db.execute(sql`update operations set created_at = ${`2031-01-01 00:00:00.${micros}+00`}::timestamptz where id = ${op.id}`);
      ids.push(op.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 6; page++) {
      const res = await list(a.apiKey, `session_id=${session.id}&limit=1${cursor ? `&starting_after=${cursor}` : ""}`);
      const json = (await res.json()) as { data: { id: string }[]; has_more: boolean; next_starting_after: string | null };
      seen.push(...json.data.map((d) => d.id));
      cursor = json.next_starting_after;
      if (!json.has_more) break;
    }
    expect(seen).toEqual([ids[2], ids[1], ids[0], ids[3]]);
  });

  it("gets an operation with its status and decline; another merchant gets 404", async () => {
    const session = await createSession(a.merchant.id);
    const op = await createOperation(a.merchant.id, session.id, { status: "declined", declineCode: "51", declineReason: "INSUFFICIENT_FUNDS" });
    const res = await getOp(a.apiKey, op.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: op.id, object: "operation", status: "declined", decline: { code: "51", reason: "INSUFFICIENT_FUNDS" }, card: { last4: "4242" } });
    const other = await getOp(b.apiKey, op.id);
    expect(other.status).toBe(404);
    expect((await other.json()).error.code).toBe("not_found");
  });

  it("lists newest first with keyset pagination, filtered by session and status, merchant-scoped", async () => {
    const session = await createSession(a.merchant.id);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const op = await createOperation(a.merchant.id, session.id, { status: i % 2 === 0 ? "declined" : "succeeded", createdAt: new Date(Date.UTC(2030, 0, 1, 0, 0, i)) });
      ids.push(op.id);
    }
    const expected = [...ids].reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res = await list(a.apiKey, `session_id=${session.id}&limit=2${cursor ? `&starting_after=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const json = (await res.json()) as { data: { id: string }[]; has_more: boolean; next_starting_after: string | null };
      seen.push(...json.data.map((d) => d.id));
      cursor = json.next_starting_after;
      if (!json.has_more) break;
    }
    expect(seen).toEqual(expected);
    const declined = await (await list(a.apiKey, `session_id=${session.id}&status=declined`)).json();
    expect(declined.data.map((d: { id: string }) => d.id)).toEqual(expected.filter((_, i) => i % 2 === 0));
    const foreign = await (await list(b.apiKey, `session_id=${session.id}`)).json();
    expect(foreign.data).toEqual([]);
    const bad = await list(a.apiKey, "limit=0&status=nope");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.map((f: { path: string }) => f.path).sort()).toEqual(["limit", "status"]);
  });

  it("cancels an operation at the provider; a replay with the same Idempotency-Key answers the same", async () => {
    const { op } = await startPayment(h, a.merchant.id, { method: testCard("009") });
    await waitForOperation(a.merchant.id, op.id, (o) => o.status === "processing");
    expect((await cancelOp(b.apiKey, op.id)).status).toBe(404);
    const first = await cancelOp(a.apiKey, op.id, `cancel-${op.id}`);
    expect(first.status).toBe(200);
    const body = await first.json();
    expect(body.id).toBe(op.id);
    const done = await waitForOperation(a.merchant.id, op.id, (o) => o.status === "cancelled");
    expect(done.status).toBe("cancelled");
    const replay = await cancelOp(a.apiKey, op.id, `cancel-${op.id}`);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(body);
    const again = await cancelOp(a.apiKey, op.id);
    expect(again.status).toBe(409);
  });

  it("cancels an open session once; a non-open session is a 409; another merchant's is a 404", async () => {
    const session = await createSession(a.merchant.id);
    expect((await cancelSession(b.apiKey, session.id)).status).toBe(404);
    const res = await cancelSession(a.apiKey, session.id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: session.id, status: "cancelled" });
    const again = await cancelSession(a.apiKey, session.id);
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe("invalid_state");
  });
});
