import { randomUUID } from "node:crypto";
import type { Answer } from "../callbacks";
import type { SandboxContext } from "../context";
import { parseJson, unixNow } from "../http";
import {
  ONRAMP_APPROVAL_CUSTOMER_PREFIX,
  ONRAMP_ERROR_CODES,
  type OnrampBehaviour,
  type OnrampErrorReason,
} from "../test-cards";
import type { PayerSeen } from "../payer-seen";

export type StatusName =
  | "pending"
  | "waiting_user_to_be_redirected"
  | "user_redirected"
  | "processing_user_payment"
  | "accepted"
  | "rejected"
  | "cancelled"
  | "received"
  | "not_received";

/** The documented callback shape; operation_status lists these too. */
export type StatusChange = {
  op_id: string;
  date: number;
  status: Partial<Record<StatusName, Record<string, unknown>>>;
};

export type IngressInvoice = {
  reference: string;
  paymentAckUrl: string;
  expiresAt: number;
  offerSkin: { title: string; image?: string; description?: string };
  payerName: string;
  merchantCustomerId: string;
  /** open -> paying -> (credited | cancelled | paused); paused is the "manual intervention" state. */
  state: "open" | "awaiting_merchant" | "paying" | "paused" | "credited" | "cancelled" | "expired";
  ackAnswers: number[];
};

export type Operation = {
  opId: string;
  apiKey: string;
  kind: "card" | "bank" | "ingress";
  amount: number;
  currency: string;
  callbackUrl?: string;
  userRedirectUrl: string;
  customerId: string;
  card?: { masked: string; holder: string };
  behaviour: OnrampBehaviour;
  /** Bank payments and 3DS flows: which redirect the payer is on, and the token in its URL. */
  redirectNumber: number;
  pageToken: string;
  history: StatusChange[];
  current: StatusName;
  requiresApproval: boolean;
  awaitingMerchant: boolean;
  rejectReason: string | null;
  createdAt: Date;
  bankName?: string;
  invoice?: IngressInvoice;
  /** One entry per create_operation call for this op_id (replays included). */
  payerSeen: PayerSeen[];
};

const FINAL: ReadonlySet<StatusName> = new Set(["accepted", "rejected", "cancelled"]);

export function isFinal(op: Operation): boolean {
  return FINAL.has(op.current);
}

export function requiresApproval(customerId: string): boolean {
  return customerId.startsWith(ONRAMP_APPROVAL_CUSTOMER_PREFIX);
}

type NewOperation = Omit<
  Operation,
  "history" | "current" | "redirectNumber" | "pageToken" | "awaitingMerchant" | "rejectReason" | "createdAt" | "requiresApproval"
>;

/** ON/RAMP's operations: every status change, callbacks and the payer-facing steps. */
export class OnrampOperations {
  private readonly ops = new Map<string, Operation>();

  constructor(private readonly ctx: SandboxContext) {}

  get(opId: string): Operation | undefined {
    return this.ops.get(opId.toLowerCase());
  }

  /** Operations are visible only under the API key that created them. */
  getForKey(opId: string, apiKey: string): Operation | undefined {
    const op = this.get(opId);
    if (!op || op.apiKey !== apiKey) return undefined;
    this.expireIfDue(op);
    return op;
  }

  byInvoiceReference(reference: string): Operation | undefined {
    for (const op of this.ops.values()) {
      if (op.invoice?.reference === reference) {
        this.expireIfDue(op);
        return op;
      }
    }
    return undefined;
  }

  create(input: NewOperation): Operation {
    const op: Operation = {
      ...input,
      opId: input.opId.toLowerCase(),
      history: [],
      current: "pending",
      redirectNumber: 0,
      pageToken: randomUUID(),
      requiresApproval: requiresApproval(input.customerId),
      awaitingMerchant: false,
      rejectReason: null,
      createdAt: new Date(),
    };
    this.ops.set(op.opId, op);
    return op;
  }

  /** Runs the part of the flow that happens before the payer does anything. */
  start(op: Operation): void {
    const b = op.behaviour;
    if (op.kind === "bank") {
      this.record(op, "pending", {}, true);
      this.requestRedirect(op);
      return;
    }
    switch (b.type) {
      case "accept_now":
        this.record(op, "pending", {}, false);
        this.record(op, "processing_user_payment", {}, false);
        this.settle(op, true);
        return;
      case "reject_now":
        this.record(op, "pending", {}, false);
        this.record(op, "processing_user_payment", {}, false);
        this.reject(op, b.reason);
        return;
      case "decline":
        this.record(op, "pending", {}, true);
        this.record(op, "processing_user_payment", {}, true);
        this.reject(op, b.reason);
        return;
      case "stay_processing":
        this.record(op, "pending", {}, true);
        this.record(op, "processing_user_payment", {}, true);
        return;
      case "three_ds":
        this.record(op, "pending", {}, !b.skipIntermediateCallbacks);
        this.requestRedirect(op);
        return;
    }
  }

  redirectUrl(op: Operation): string {
    const page = op.kind === "bank" ? "bank" : "acs";
    const q = new URLSearchParams({ n: String(op.redirectNumber), t: op.pageToken });
    return `${this.ctx.publicUrl()}/onramp/${page}/${op.opId}?${q.toString()}`;
  }

  private requestRedirect(op: Operation): void {
    op.redirectNumber += 1;
    this.record(op, "waiting_user_to_be_redirected", { number: op.redirectNumber, url: this.redirectUrl(op) }, true);
  }

  /** The payer opened redirect page number `n`. */
  payerArrived(op: Operation, n: number): void {
    if (op.current === "waiting_user_to_be_redirected" && op.redirectNumber === n) {
      this.record(op, "user_redirected", {}, true);
    }
  }

  /** Whether the ACS / bank page number `n` can still be acted on. */
  awaitingPayer(op: Operation, n: number): boolean {
    return (op.current === "waiting_user_to_be_redirected" || op.current === "user_redirected") && op.redirectNumber === n;
  }

  /** Approve/Decline on the mock ACS page. */
  acsOutcome(op: Operation, approve: boolean): void {
    if (!approve) {
      this.reject(op, "3DS_DECLINED");
      return;
    }
    const b = op.behaviour;
    const redirects = b.type === "three_ds" ? b.redirects : 1;
    if (op.redirectNumber < redirects) {
      this.requestRedirect(op);
      return;
    }
    const skip = b.type === "three_ds" && b.skipIntermediateCallbacks;
    this.record(op, "processing_user_payment", {}, !skip);
    this.settle(op, true);
  }

  /** Approve/Decline at the bank chosen in the bank picker. */
  bankOutcome(op: Operation, bankName: string, approve: boolean): void {
    op.bankName = bankName;
    this.record(op, "processing_user_payment", {}, true);
    if (!approve) {
      this.record(op, "not_received", { data: { bank: bankName } }, true);
      this.reject(op, "DO_NOT_HONOR");
      return;
    }
    this.settle(op, true);
  }

  /**
   * The payment itself succeeded; merchants that approve payments get to say so first
   * (mark_operation), everyone else gets `accepted` now.
   */
  settle(op: Operation, bankApproved: boolean): void {
    if (!bankApproved) return;
    if (op.requiresApproval && !op.awaitingMerchant) {
      op.awaitingMerchant = true;
      if (op.invoice) op.invoice.state = "awaiting_merchant";
      return;
    }
    op.awaitingMerchant = false;
    if (op.kind === "ingress") {
      this.sendPaymentAck(op);
      return;
    }
    if (op.kind === "bank") this.record(op, "received", { data: { bank: op.bankName ?? null } }, true);
    this.record(op, "accepted", {}, true);
  }

  /** mark_operation. */
  merchantDecision(op: Operation, accept: boolean): void {
    if (accept) {
      this.settle(op, true);
      return;
    }
    op.awaitingMerchant = false;
    if (op.invoice) op.invoice.state = "cancelled";
    this.reject(op, "TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER", "MERCHANT_REJECTED", "rejected by merchant");
  }

  reject(op: Operation, reason: OnrampErrorReason, code = ONRAMP_ERROR_CODES[reason], text: string = reason): void {
    op.rejectReason = text;
    this.record(op, "rejected", { error_code: code, error_reason: reason }, true);
  }

  /** request_attempt_cancel, from update_operation or a callback answer. Not guaranteed, as documented. */
  requestCancel(op: Operation): boolean {
    this.expireIfDue(op);
    if (isFinal(op)) return false;
    // Once an ingress payment is being committed it is the payment-ack that decides.
    if (op.invoice && op.invoice.state !== "open") return false;
    op.awaitingMerchant = false;
    op.rejectReason = "MANUAL_CANCELLATION";
    if (op.invoice) op.invoice.state = "cancelled";
    this.record(op, "cancelled", { reason: "MANUAL_CANCELLATION" }, true);
    return true;
  }

  /** ON/RAMP's lifecycle enum for op_status. */
  lifecycleStatus(op: Operation): string {
    if (op.current === "accepted") return "accepted";
    if (op.current === "rejected" || op.current === "cancelled") return "rejected";
    if (op.awaitingMerchant) return "waiting_merchant_confirmation";
    if (op.invoice) {
      if (op.invoice.state === "paying" || op.invoice.state === "paused") return "querying_merchant_for_confirmation";
      return "waiting_user_confirmation";
    }
    if (op.current === "processing_user_payment" || op.current === "received") return "queued";
    return "waiting_user_confirmation";
  }

  private record(op: Operation, name: StatusName, data: Record<string, unknown>, notify: boolean): void {
    if (isFinal(op)) return;
    const change: StatusChange = { op_id: op.opId, date: unixNow(), status: { [name]: data } };
    op.history.push(change);
    op.current = name;
    if (notify && op.callbackUrl) {
      this.ctx.callbacks.send(
        op.opId,
        op.callbackUrl,
        change,
        (answer) => (answer.status === 200 ? "done" : "retry"),
        (answer) => this.onCallbackAnswer(op, answer),
      );
    }
  }

  private onCallbackAnswer(op: Operation, answer: Answer): void {
    if (answer.status !== 200) return;
    const parsed = parseJson(answer.body);
    if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return;
    const action = (parsed.value as { action?: unknown }).action;
    if (typeof action === "object" && action !== null && "request_attempt_cancel" in action) {
      this.requestCancel(op);
    }
  }

  // ---- ingress invoice ------------------------------------------------------------

  /** The payer pressed Pay on the invoice page. */
  invoicePaid(op: Operation): void {
    const invoice = op.invoice;
    if (!invoice || invoice.state !== "open") return;
    invoice.state = "paying";
    op.card = { masked: "424242******4242", holder: invoice.payerName };
    this.record(op, "processing_user_payment", {}, false);
    this.settle(op, true);
  }

  private readonly ackWaiters = new Map<string, Array<() => void>>();

  /** Resolves after the first payment-ack answer (or give-up), bounded by `timeoutMs`. */
  waitForFirstAck(op: Operation, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const list = this.ackWaiters.get(op.opId) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.ackWaiters.set(op.opId, list);
    });
  }

  private wakeAckWaiters(op: Operation): void {
    const list = this.ackWaiters.get(op.opId) ?? [];
    this.ackWaiters.delete(op.opId);
    for (const wake of list) wake();
  }

  /**
   * Payment-ack: 200 = credited, 204 = cancel (the invoice expires), anything else pauses
   * the payment for "manual intervention" and is retried later, a bounded number of times.
   */
  private sendPaymentAck(op: Operation): void {
    const invoice = op.invoice;
    if (!invoice) return;
    invoice.state = "paying";
    // Assumed body: the document shows none. Enough for the merchant to match and check it.
    const payload = {
      invoice_id: op.opId,
      fiat_amount: op.amount,
      fiat_currency: op.currency,
      merchant_customer_id: invoice.merchantCustomerId,
      card_number_masked: op.card?.masked ?? null,
      date: unixNow(),
    };
    this.ctx.callbacks.send(
      `ack:${op.opId}`,
      invoice.paymentAckUrl,
      payload,
      (answer) => (answer.status === 200 || answer.status === 204 ? "done" : "retry"),
      (answer) => {
        invoice.ackAnswers.push(answer.status);
        if (isFinal(op)) return;
        if (answer.status === 200) {
          invoice.state = "credited";
          this.record(op, "accepted", {}, true);
        } else if (answer.status === 204) {
          invoice.state = "cancelled";
          op.rejectReason = "cancelled by merchant (payment-ack 204)";
          this.record(op, "cancelled", { reason: "MANUAL_CANCELLATION" }, true);
        } else {
          invoice.state = "paused";
        }
        this.wakeAckWaiters(op);
      },
      () => {
        // Retries exhausted: stays paused, as a real manual-intervention case would.
        invoice.state = "paused";
        this.wakeAckWaiters(op);
      },
    );
  }

  private expireIfDue(op: Operation): void {
    const invoice = op.invoice;
    if (!invoice || invoice.state !== "open" || Date.now() < invoice.expiresAt) return;
    invoice.state = "expired";
    op.rejectReason = "invoice expired";
    // Assumption: an unused invoice that times out ends as rejected; there is no callback_url to tell.
    this.record(op, "rejected", { error_code: "INVOICE_EXPIRED", error_reason: "UNSPECIFIED_CC_ERR" }, false);
  }

  all(): IterableIterator<Operation> {
    return this.ops.values();
  }
}
