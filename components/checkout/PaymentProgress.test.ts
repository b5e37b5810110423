import { describe, expect, it } from "vitest";
import { CATALOGS } from "@/lib/i18n/catalogs";
import type { PaymentState } from "@/lib/checkout/payment-progress";
import { stepText } from "./PaymentProgress";

const t = CATALOGS.en.Progress;

function state(method: PaymentState["method"], over: Partial<PaymentState> = {}): PaymentState {
  return {
    sessionId: "cs_x",
    operationId: "op_x",
    status: "requires_action",
    final: false,
    action: { kind: "redirect", url: "https://bank.example/", number: 1 },
    redirectCount: 1,
    message: null,
    messageKey: null,
    method,
    receipt: null,
    confirming: false,
    sessionStatus: "processing",
    successUrl: null,
    canRetry: false,
    retry: null,
    ...over,
  };
}

describe("progress text speaks of the way the payer pays", () => {
  it("waiting after a redirect: 3-D Secure for cards only", () => {
    expect(stepText(state("card"), t, false)).toBe("Waiting for 3-D Secure…");
    expect(stepText(state("bank"), t, false)).toBe("Waiting for your bank to confirm the transfer…");
    expect(stepText(state("invoice"), t, false)).toBe("Waiting for the payment page to confirm…");
  });
  it("starting: only a card or bank payment contacts a bank", () => {
    for (const method of ["card", "bank", "invoice", "wallet"] as const) {
      const text = stepText(state(method, { status: "pending", action: null }), t, false);
      if (method === "invoice") expect(text).not.toMatch(/bank/i);
      if (method !== "card") expect(text).not.toMatch(/3-D Secure/);
    }
    expect(stepText(state("invoice", { status: "pending", action: null }), t, false)).toBe("Preparing the payment page…");
  });
  it("redirecting names where the payer goes", () => {
    expect(stepText(state("card"), t, true)).toMatch(/3-D Secure/);
    expect(stepText(state("bank"), t, true)).toBe("Taking you to your bank…");
    expect(stepText(state("invoice"), t, true)).toBe("Taking you to the payment page…");
  });
  it("says the payment is being confirmed when its outcome is unknown, whatever the method", () => {
    expect(stepText(state("bank", { confirming: true }), t, true)).toBe(t.confirming);
  });
});
