import { beforeAll, describe, expect, it } from "vitest";
import { testDb } from "@/test/db";
import { createMerchant, createOperation, createSession } from "@/test/factories";
import type { AdminContext } from "../admin-context";
import { CSV_COLUMNS, operationsCsvStream } from "./export-csv";
import { parseFilters } from "./filters";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

function parseCsv(text: string): string[][] {
  // Minimal RFC 4180 reader for the assertions (quoted fields, doubled quotes).
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  return rows;
}

describe("operations CSV export", () => {
  let admin: AdminContext;
  beforeAll(async () => {
    await testDb();
    const { merchant } = await createMerchant();
    const other = await createMerchant();
    admin = { id: "adm_x", email: "a@example.test", name: "A", role: "viewer", merchantId: merchant.id, merchantName: merchant.name };
    const session = await createSession(merchant.id);
    for (let i = 0; i < 7; i++) {
      await createOperation(merchant.id, session.id, { status: i < 5 ? "succeeded" : "declined", amount: 1000 + i, customerId: i === 0 ? '=HYPERLINK("x"),"quoted"' : `cust_${i}` });
    }
    const otherSession = await createSession(other.merchant.id);
    await createOperation(other.merchant.id, otherSession.id, { status: "succeeded" });
  });

  it("streams every filtered row across batches with a header, escaped and formula-safe", async () => {
    const text = await readAll(operationsCsvStream(await testDb(), admin, parseFilters({ status: "succeeded" }).filters, 2));
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + 5);
    const body = rows.slice(1);
    expect(new Set(body.map((r) => r[0])).size).toBe(5);
    expect(body.every((r) => r[1] === "succeeded")).toBe(true);
    const tricky = body.find((r) => r[7]?.includes("HYPERLINK"));
    expect(tricky?.[7]).toBe(`'=HYPERLINK("x"),"quoted"`);
  });

  it("exports nothing but the header when nothing matches", async () => {
    const text = await readAll(operationsCsvStream(await testDb(), admin, parseFilters({ status: "expired" }).filters));
    expect(parseCsv(text)).toEqual([[...CSV_COLUMNS]]);
  });
});
