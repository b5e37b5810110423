import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PHONE_BROWSER } from "@/test/browser-data";

// A full run of the pay flow (success, 3DS, decline, invalid card, provider down) through
// the pay route, on ON/RAMP, on Paysecure (frictionless, 3DS, a documented refusal, a
// lost answer read back) and on Fenige wallets (the security code sent at Pay and again by
// the page after the 3DS method and challenge, never kept by the server), then a scan of every text and JSON column of every table and of every
// log line written meanwhile: the PAN and the CVC must not appear anywhere.
// Every log line is written (modules are imported after this, inside the test).
vi.stubEnv("LOG_LEVEL", "debug");

const PANS = ["5555555555554444", "4000056655665556", "378282246310005"];
// Paysecure's sandbox picks outcomes by card number: frictionless success, "Card is Blocked".
const PAYSECURE_PANS = ["4000000000001000", "4000000000000309"];
// CVCs the sandbox treats as "any other": a 3DS redirect. Distinctive enough to search for.
const RARE_CVCS = ["7351", "8642", "913", "468", "527"];
// Wallet security codes: sent to Fenige only inside send-money's JWE, as characters.
const WALLET_CVCS = ["4719", "3826", "605"];

const captured: string[] = [];
const originalOut = process.stdout.write.bind(process.stdout);
const originalErr = process.stderr.write.bind(process.stderr);

function capture() {
  const wrap = (original: typeof process.stdout.write) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = wrap(originalOut);
  process.stderr.write = wrap(originalErr);
}

let closeSandbox: () => Promise<void> = async () => undefined;

beforeAll(() => capture());
afterAll(async () => {
  process.stdout.write = originalOut;
  process.stderr.write = originalErr;
  await closeSandbox();
});

function panPattern(pan: string): RegExp {
  return new RegExp(pan.split("").join("[ -]?"));
}

describe("no card data at rest or in logs", () => {
  it("keeps PAN and CVC out of the database and the logs for a full run", async () => {
    const { startQuietSandbox } = await import("@/test/sandbox");
    const { testDb } = await import("@/test/db");
    const { createMerchant, createSession } = await import("@/test/factories");
    const { currentCardKey } = await import("@/lib/crypto/card-keys");
    const { encryptCard } = await import("./card-encrypt");
    const { POST: pay } = await import("@/app/api/checkout/[sessionId]/pay/route");
    const { refreshOperation } = await import("@/lib/operations/actions");
    const { log } = await import("@/lib/log");
    const { sql } = await import("drizzle-orm");
    const { startProxy } = await import("@/test/provider-harness");

    const db = await testDb();
    const sandbox = await startQuietSandbox();
    closeSandbox = sandbox.close;
    const billing = { email: "payer@example.test", first_name: "Ada", last_name: "Lovelace", address: { line1: "1 Main St", city: "London", state: "Greater London", postal_code: "N1 9GU", country: "GB" } };
    const merchant = (await createMerchant({ providers: ["onramp"], baseUrl: `${sandbox.url}/onramp` })).merchant;
    const downMerchant = (await createMerchant({ providers: ["onramp"], baseUrl: "http://127.0.0.1:1/onramp" })).merchant;
    const paysecureKey = { apiKey: "test_no_card_data_key", brandId: "brand_scan" };
    const paysecure = (await createMerchant({ providers: ["paysecure"], baseUrl: `${sandbox.url}/paysecure`, credentials: paysecureKey })).merchant;
    // Answers to the card call are lost on the way back; Paysecure still takes the card.
    const lossy = await startProxy(`${sandbox.url}/paysecure`, { status: (path) => (path.startsWith("/p/") ? 502 : null) });
    const lossyMerchant = (await createMerchant({ providers: ["paysecure"], baseUrl: lossy.url, credentials: paysecureKey })).merchant;
    const year = String(new Date().getFullYear() + 2);
    const browser = PHONE_BROWSER;

    const payWith = async (merchantId: string, number: string, cvc: string, expYear = year, provider: "onramp" | "paysecure" = "onramp") => {
      const session = await createSession(merchantId, { customer: billing, provider });
      const key = await currentCardKey();
      const encryptedCard = await encryptCard(key, { sid: session.id, number, expMonth: "11", expYear, cvc, holderName: "Ada Lovelace" });
      const res = await pay(
        new Request(`http://localhost:3999/api/checkout/${session.id}/pay`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-checkout-peer-address": "203.0.113.5", "user-agent": "test-agent" },
          body: JSON.stringify({ attemptKey: `k_${session.id}`, method: { type: "card", encryptedCard }, browser }),
        }),
        { params: Promise.resolve({ sessionId: session.id }) },
      );
      return { session, status: res.status, body: (await res.json()) as { operationId?: string; action?: { url: string } | null } };
    };

    const ok = await payWith(merchant.id, PANS[0] ?? "", "001");
    expect(ok.status).toBe(200);
    await payWith(merchant.id, PANS[1] ?? "", "003");
    const threeDs = await payWith(merchant.id, PANS[1] ?? "", RARE_CVCS[2] ?? "");
    const amex = await payWith(merchant.id, PANS[2] ?? "", RARE_CVCS[0] ?? "");
    // The payer approves at the mock ACS; then the provider is asked for the outcome.
    for (const started of [threeDs, amex]) {
      const url = started.body.action?.url;
      expect(url).toBeTruthy();
      if (!url || !started.body.operationId) continue;
      const acs = new URL(url);
      await fetch(url);
      await fetch(acs.origin + acs.pathname, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ t: acs.searchParams.get("t") ?? "", n: acs.searchParams.get("n") ?? "1", outcome: "approve" }).toString(),
        redirect: "manual",
      });
      await new Promise((r) => setTimeout(r, 200));
      await refreshOperation({ merchantId: merchant.id, operationId: started.body.operationId, actor: { kind: "system", id: "test" } });
    }
    const invalid = await payWith(merchant.id, "5555555555554443", RARE_CVCS[1] ?? "");
    expect(invalid.status).toBe(400);
    const expired = await payWith(merchant.id, PANS[0] ?? "", RARE_CVCS[1] ?? "", "2021");
    expect(expired.status).toBe(400);
    const down = await payWith(downMerchant.id, PANS[0] ?? "", RARE_CVCS[2] ?? "");
    expect(down.status).toBe(503);

    // Paysecure: frictionless, 3DS approved, a documented refusal, and a lost answer settled by a read-back.
    const psOk = await payWith(paysecure.id, PAYSECURE_PANS[0] ?? "", RARE_CVCS[3] ?? "", year, "paysecure");
    const psThreeDs = await payWith(paysecure.id, PANS[0] ?? "", RARE_CVCS[4] ?? "", year, "paysecure");
    const psBlocked = await payWith(paysecure.id, PAYSECURE_PANS[1] ?? "", RARE_CVCS[2] ?? "", year, "paysecure");
    expect(psBlocked.status).toBe(200);
    const psLost = await payWith(lossyMerchant.id, PANS[1] ?? "", RARE_CVCS[3] ?? "", year, "paysecure");
    for (const [started, merchantId, outcome] of [
      [psOk, paysecure.id, null],
      [psThreeDs, paysecure.id, "approve"],
      [psLost, lossyMerchant.id, "approve"],
    ] as const) {
      let url = started.body.action?.url;
      if (!url && started.body.operationId) {
        await refreshOperation({ merchantId, operationId: started.body.operationId, actor: { kind: "system", id: "test" } });
        const [row] = await db.execute<{ next_action: { url: string } | null }>(sql`select next_action from operations where id = ${started.body.operationId}`).then((r) => (Array.isArray(r) ? r : (r as { rows: { next_action: { url: string } | null }[] }).rows));
        url = row?.next_action?.url;
      }
      expect(url, JSON.stringify(started.body)).toBeTruthy();
      if (!url || !started.body.operationId) continue;
      await fetch(url, outcome ? { method: "POST", body: new URLSearchParams({ outcome }), redirect: "manual" } : { redirect: "manual" });
      const done = await refreshOperation({ merchantId, operationId: started.body.operationId, actor: { kind: "system", id: "test" } });
      expect(done.ok && done.value.status).toBe("succeeded");
    }
    await lossy.close();

    // Wallets: frictionless, method then challenge, a declined challenge, a blocked card.
    const { FENIGE_SANDBOX_CREDENTIALS } = await import("@/lib/setup/seed-demo");
    const { browserRunsChallenge, browserRunsMethod, notify, pageSendsCardData } = await import("@/test/provider-harness");
    const { findOperation } = await import("@/lib/operations/load-operation");
    const { runDueStepsOnce } = await import("@/lib/operations/step-worker");
    const walletMerchant = (await createMerchant({ providers: ["fenige"], baseUrl: `${sandbox.url}/fenige`, credentials: FENIGE_SANDBOX_CREDENTIALS })).merchant;
    const payFromWallet = async (phone: string, cvc: string) => {
      const session = await createSession(walletMerchant.id, { provider: "fenige", currency: "PLN", customer: billing });
      const encryptedCard = await encryptCard(await currentCardKey(), { sid: session.id, cvc, expMonth: "11", expYear: year });
      const res = await pay(
        new Request(`http://localhost:3999/api/checkout/${session.id}/pay`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.6", "user-agent": "test-agent" },
          body: JSON.stringify({ attemptKey: `w_${session.id}`, method: { type: "wallet", phone, encryptedCard, quoted: null }, browser }),
        }),
        { params: Promise.resolve({ sessionId: session.id }) },
      );
      expect(res.status).toBe(200);
      const operationId = ((await res.json()) as { operationId: string }).operationId;
      pageHolds.set(operationId, { sessionId: session.id, encryptedCard });
      return operationId;
    };
    // What each page keeps, to send again when asked after the 3DS steps.
    const pageHolds = new Map<string, { sessionId: string; encryptedCard: string }>();
    const current = async (id: string) => (await findOperation(db, walletMerchant.id, id))?.nextAction ?? null;
    await payFromWallet("48500000001", WALLET_CVCS[0] ?? "");
    const method = await payFromWallet("48500000003", WALLET_CVCS[1] ?? "");
    const notified = await browserRunsMethod(await current(method));
    if (notified) await notify(notified);
    await notify(await browserRunsChallenge(await current(method), "approve"));
    const held = pageHolds.get(method);
    expect((await current(method))?.kind).toBe("card_data");
    if (held) expect((await pageSendsCardData(held.sessionId, method, held.encryptedCard)).status).toBe(200);
    const declined = await payFromWallet("48500000004", WALLET_CVCS[2] ?? "");
    await notify(await browserRunsChallenge(await current(declined), "decline"));
    await payFromWallet("48500000008", WALLET_CVCS[0] ?? "");
    for (let i = 0; i < 20; i++) {
      await runDueStepsOnce({ now: new Date(Date.now() + 2_000), merchantId: walletMerchant.id });
      await new Promise((r) => setTimeout(r, 30));
    }
    log.info("flow finished", { sessions: [ok.session.id, threeDs.session.id, psOk.session.id] });

    // Every text/JSON column of every table.
    const tables = await db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    const names = (Array.isArray(tables) ? tables : (tables as { rows: { table_name: string }[] }).rows).map((t) => t.table_name);
    expect(names).toEqual(expect.arrayContaining(["operations", "operation_events", "checkout_sessions", "checkout_attempts", "webhook_events"].filter((t) => t !== "webhook_events" || names.includes(t))));
    // With a shared Postgres other test files write at the same time: merchant-owned rows
    // are limited to this run's merchants, the rest (keys, limits, jobs) are read whole.
    const columns = await db.execute<{ table_name: string; column_name: string }>(
      sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_name = 'merchant_id'`,
    );
    const owned = new Set((Array.isArray(columns) ? columns : (columns as { rows: { table_name: string }[] }).rows).map((c) => c.table_name));
    const mine = [merchant.id, downMerchant.id, paysecure.id, lossyMerchant.id, walletMerchant.id].map((id) => `'${id}'`).join(",");
    let dump = "";
    for (const name of names) {
      const table = `"${name.replaceAll('"', "")}"`;
      const rows = await db.execute(sql.raw(`select row_to_json(t)::text as r from ${table} t${owned.has(name) ? ` where merchant_id in (${mine})` : ""}`));
      const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows;
      dump += list.map((r) => `${name}: ${(r as { r: string }).r}`).join("\n") + "\n";
    }
    const logs = captured.join("");
    expect(dump).toContain("555555");
    expect(logs).toContain("flow finished");

    // Ids, UUIDs and timestamps are random hex/digits that could contain a short CVC by chance.
    const scrub = (s: string) => s.replace(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi, "<id>").replace(/\d{4}-\d{2}-\d{2}[T ][\d:.+Z-]+/g, "<time>");
    // The scan itself finds what it looks for.
    expect(panPattern(PANS[0] ?? "").test('{"x":"5555 5555-5555 4444"}')).toBe(true);
    expect(/"(card_?cvv|cvc|cvv2?|security_?code|card_?number|pan)"\s*:\s*"\d/i.test('{"card_cvv":"001"}')).toBe(true);
    const findings: string[] = [];
    const around = (text: string, index: number) => text.slice(Math.max(0, index - 80), index + 40);
    for (const [where, text] of [
      ["database", dump],
      ["logs", logs],
    ] as const) {
      for (const pan of [...PANS, ...PAYSECURE_PANS, "5555555555554443"]) {
        const m = panPattern(pan).exec(text);
        if (m) findings.push(`${where}: PAN near ${around(text, m.index)}`);
      }
      const scrubbed = scrub(text);
      for (const cvc of [...RARE_CVCS, ...WALLET_CVCS]) {
        const m = new RegExp(`(?<![0-9a-z])${cvc}(?![0-9a-z])`, "i").exec(scrubbed);
        if (m) findings.push(`${where}: CVC ${cvc} near ${around(scrubbed, m.index)}`);
        // As Fenige takes it: one character per array element.
        const chars = new RegExp(cvc.split("").map((d) => `"${d}"`).join("\\s*,\\s*")).exec(text);
        if (chars) findings.push(`${where}: CVC ${cvc} as characters near ${around(text, chars.index)}`);
      }
      const cvc2 = /"cvc2"\s*:\s*\[?\s*"\d/i.exec(text);
      if (cvc2) findings.push(`${where}: cvc2 near ${around(text, cvc2.index)}`);
      const field = /"(card_?cvv|cvc|cvv2?|security_?code|card_?number|pan)"\s*:\s*"\d/i.exec(text);
      if (field) findings.push(`${where}: card field near ${around(text, field.index)}`);
    }
    expect(findings).toEqual([]);
  }, 120_000);
});
