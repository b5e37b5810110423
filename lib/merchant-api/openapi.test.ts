import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./openapi";

const API_DIR = path.resolve(import.meta.dirname, "../../app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every (method, OpenAPI path) that app/api/v1 really serves, read from the route files. */
function realRoutes(dir = API_DIR, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      const segment = entry.replace(/^\[(\w+)\]$/, "{$1}");
      out.push(...realRoutes(full, `${prefix}/${segment}`));
    } else if (entry === "route.ts") {
      const source = readFileSync(full, "utf8");
      for (const m of METHODS) {
        if (new RegExp(`export (const|async function|function) ${m}\\b`).test(source)) out.push(`${m.toLowerCase()} ${prefix}`);
      }
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  const doc = buildOpenApi("http://localhost:3000");
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));

  it("documents exactly the routes app/api/v1 serves", () => {
    expect(documented.sort()).toEqual(realRoutes().sort());
  });

  it("describes the create-session body from the validating schema", () => {
    const post = doc.paths["/checkout/sessions"]?.post as { requestBody: { content: { "application/json": { schema: { required: string[] } } } } };
    expect(post.requestBody.content["application/json"].schema.required.sort()).toEqual(["amount", "cancel_url", "currency", "customer_id", "success_url"]);
  });
});
