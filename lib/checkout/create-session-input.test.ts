import { describe, expect, it } from "vitest";
import { CreateSessionInput } from "./create-session-input";
import { merchantReturnUrl } from "./return-url";

const valid = { amount: 1250, currency: "eur", customer_id: "c1", success_url: "https://shop.example/ok", cancel_url: "https://shop.example/no" };

describe("CreateSessionInput", () => {
  it("accepts a minimal body and upper-cases the currency", () => {
    const r = CreateSessionInput.safeParse(valid);
    expect(r.success && r.data.currency).toBe("EUR");
  });

  it.each([
    [{ amount: 12.5 }, "amount"],
    [{ amount: 0 }, "amount"],
    [{ currency: "EURO" }, "currency"],
    [{ currency: "XXQ" }, "currency"],
    [{ currency: "XAU" }, "currency"],
    [{ success_url: "javascript:alert(1)" }, "success_url"],
    [{ cancel_url: "https://user:pw@shop.example/" }, "cancel_url"],
    [{ provider: "stripe" }, "provider"],
    [{ expires_at: new Date(Date.now() + 60_000).toISOString() }, "expires_at"],
    [{ unknown_field: 1 }, ""],
  ])("rejects %j at %s", (patch, path) => {
    const r = CreateSessionInput.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path.join("."))).toContain(path);
  });
});

describe("merchantReturnUrl", () => {
  it("fills the template or appends session_id", () => {
    expect(merchantReturnUrl("https://s.example/ok?id={CHECKOUT_SESSION_ID}", "cs_1")).toBe("https://s.example/ok?id=cs_1");
    expect(merchantReturnUrl("https://s.example/ok?a=1", "cs_1")).toBe("https://s.example/ok?a=1&session_id=cs_1");
  });
});
