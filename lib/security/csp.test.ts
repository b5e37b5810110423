import { describe, expect, it } from "vitest";
import { buildCsp, cspAreaFor } from "./csp";

describe("CSP", () => {
  const origins = ["https://acs.bank.example"];
  it("lets the checkout frame providers and never lets anyone frame the admin", () => {
    const checkout = buildCsp({ area: "checkout", nonce: "n1", providerOrigins: origins, dev: false });
    expect(checkout).toContain("frame-src 'self' https://acs.bank.example;");
    expect(checkout).toContain("frame-ancestors 'none'");
    expect(checkout).toContain("form-action 'self' https://acs.bank.example");
    const admin = buildCsp({ area: "admin", nonce: "n1", providerOrigins: origins, dev: false });
    expect(admin).toContain("frame-ancestors 'none'");
    expect(admin).toContain("frame-src 'none'");
    expect(admin).not.toContain("acs.bank.example");
  });
  it("lets only our own pages frame the page a 3DS step lands on", () => {
    const step = buildCsp({ area: "step", nonce: "n1", providerOrigins: origins, dev: false });
    expect(step).toContain("frame-ancestors 'self'");
    expect(step).toContain("frame-src 'none'");
    expect(step).not.toContain("acs.bank.example");
  });
  it("allows eval only in development and always requires the nonce", () => {
    expect(buildCsp({ area: "default", nonce: "abc", providerOrigins: origins, dev: false })).not.toContain("unsafe-eval");
    expect(buildCsp({ area: "default", nonce: "abc", providerOrigins: origins, dev: true })).toContain("'unsafe-eval'");
    expect(buildCsp({ area: "default", nonce: "abc", providerOrigins: origins, dev: false })).toContain("'nonce-abc'");
  });
  it("maps paths to areas", () => {
    expect(cspAreaFor("/admin/operations")).toBe("admin");
    expect(cspAreaFor("/pay/cs_1")).toBe("checkout");
    expect(cspAreaFor("/pay/cs_1/return")).toBe("checkout");
    expect(cspAreaFor("/pay/cs_1/3ds/method")).toBe("step");
    expect(cspAreaFor("/pay/cs_1/3ds/challenge")).toBe("step");
    expect(cspAreaFor("/demo")).toBe("default");
  });
});
