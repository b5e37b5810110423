import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Route } from "../http";
import type { FenigeKeys } from "./jwe";
import { fenigeError, fenigeHandler, type FenigeError } from "./pipeline";
import type { FenigeState } from "./state";

/** MC Send reports problems in Mastercard's own shape, with these detail codes. */
const REASONS = {
  format: { reasonCode: "INVALID_INPUT_FORMAT", errorDetailCode: "062000", description: "Value contains invalid character" },
  length: { reasonCode: "INVALID_INPUT_LENGTH", errorDetailCode: "072000", description: "Invalid length" },
  value: { reasonCode: "INVALID_INPUT_VALUE", errorDetailCode: "082000", description: "Invalid value" },
  missing: { reasonCode: "MISSING_REQUIRED_INPUT", errorDetailCode: "092000", description: "Value is required" },
  duplicate: { reasonCode: "RESOURCE_ERROR", errorDetailCode: "110501", description: "Duplicate value" },
  notEligible: { reasonCode: "RESOURCE_ERROR", errorDetailCode: "110503", description: "Account not eligible" },
  currency: { reasonCode: "RESOURCE_ERROR", errorDetailCode: "110505", description: "Invalid currency" },
  notFound: { reasonCode: "RESOURCE_UNKNOWN", errorDetailCode: "110507", description: "Record not found" },
  invalidRequest: { reasonCode: "RESOURCE_ERROR", errorDetailCode: "110510", description: "Invalid Request" },
  notSupported: { reasonCode: "RESOURCE_ERROR", errorDetailCode: "110537", description: "Value is not supported for the merchant" },
  maxAmount: { reasonCode: "DECLINE", errorDetailCode: "130004", description: "Per transaction maximum amount limit reached" },
  minAmount: { reasonCode: "DECLINE", errorDetailCode: "130006", description: "Transaction Limit is less than the minimum configured for the partner" },
  notOnboarded: { reasonCode: "DECLINE", errorDetailCode: "130010", description: "Partner not onboarded for the network to reach the account" },
} as const;
type Reason = (typeof REASONS)[keyof typeof REASONS];

/** Test data for MC Send outcomes; see README. */
export const MC_SEND_LIMITS = { minAmount: 20, maxAmount: 5_000_000, systemErrorAmount: 99907 } as const;
const MC_CURRENCIES = new Set(["PLN", "EUR", "USD", "GBP", "INR", "CHF", "CZK"]);

function mcError(source: string, reason: Reason, status = 400): FenigeError {
  return fenigeError(status, reason.reasonCode, reason.description, {
    error: [{ source, reasonCode: reason.reasonCode, errorDetailCode: reason.errorDetailCode, description: reason.description }],
  });
}

function reasonFor(issue: z.core.$ZodIssue): Reason {
  if (issue.code === "invalid_type" && issue.input === undefined) return REASONS.missing;
  if (issue.code === "too_small" || issue.code === "too_big") return REASONS.length;
  if (issue.code === "invalid_format") return REASONS.format;
  if (issue.code === "custom" && issue.message === "Required") return REASONS.missing;
  return REASONS.value;
}

const alpha3 = z.string().regex(/^[A-Z]{3}$/);
const RECEIVER_TYPES = ["BARE_CARD_NUMBER", "FRIEND_ID", "WALLET_CARD_ID"] as const;

const schema = z
  .object({
    transactionId: z.string().min(1),
    amount: z.number().int().positive().max(999_999_999_999),
    currency: alpha3,
    merchantCategoryCode: z.string().regex(/^\d{4}$/).optional(),
    sender: z.object({
      account: z.string().min(1),
      cvc2: z.union([z.string().regex(/^\d{3,4}$/), z.array(z.string().regex(/^\d$/)).min(3).max(4)]).optional(),
      addressId: z.string().optional(),
      paymentAccountType: z.enum(["WALLET_CARD_ID", "IBAN_ID"]),
    }),
    recipient: z.object({
      name: z.string().min(1).max(120),
      accountUri: z.string().min(1).optional(),
      nationality: alpha3.optional(),
      dateOfBirth: z.iso.date().optional(),
      userId: z.number().int().optional(),
      receiverType: z.enum(RECEIVER_TYPES).default("BARE_CARD_NUMBER"),
      address: z.object({
        city: z.string().min(1).max(25).optional(),
        country: alpha3,
        state: z.string().min(2).max(3).optional(),
        postalCode: z.string().min(1).max(10).optional(),
        street: z.string().min(1).max(50).optional(),
      }),
      phone: z.string().max(15).optional(),
      email: z.string().max(254).optional(),
      governmentIds: z.array(z.string()).optional(),
    }),
    qrData: z.string().max(237).optional(),
    transactionPurpose: z.string().regex(/^(0\d|1[0-5])$/).optional(),
    additionalMessage: z.string().max(65).optional(),
    paymentType: z.enum(["P2M", "P2P"]).optional(),
  })
  .superRefine((b, ctx) => {
    // The conditional fields of the table.
    if (b.sender.paymentAccountType === "WALLET_CARD_ID" && b.sender.cvc2 === undefined) {
      ctx.addIssue({ code: "custom", path: ["sender", "cvc2"], message: "Required" });
    }
    const t = b.recipient.receiverType;
    if ((t === "WALLET_CARD_ID" || t === "BARE_CARD_NUMBER") && b.recipient.accountUri === undefined) {
      ctx.addIssue({ code: "custom", path: ["recipient", "accountUri"], message: "Required" });
    }
    if (t === "FRIEND_ID" && b.recipient.userId === undefined) {
      ctx.addIssue({ code: "custom", path: ["recipient", "userId"], message: "Required" });
    }
    if (["USA", "CAN"].includes(b.recipient.address.country) && b.recipient.address.state === undefined) {
      ctx.addIssue({ code: "custom", path: ["recipient", "address", "state"], message: "Required" });
    }
  });

export function mcSendHandler(keys: FenigeKeys, state: FenigeState): Route["handler"] {
  return fenigeHandler(keys, { body: true }, ({ body, token }) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ source: i.path.map(String).join("."), ...reasonFor(i) }));
      const first = errors[0];
      return fenigeError(400, first?.reasonCode ?? "INVALID_INPUT_VALUE", first?.description ?? "Invalid value", { error: errors });
    }
    const b = parsed.data;
    if (b.amount === MC_SEND_LIMITS.systemErrorAmount) {
      return fenigeError(500, "SYSTEM_ERROR", "Internal exception occurred.", {
        error: [{ source: "SYSTEM", reasonCode: "SYSTEM_ERROR", errorDetailCode: null, description: "Internal exception occurred." }],
      });
    }
    if (b.sender.paymentAccountType === "WALLET_CARD_ID" && !state.card(b.sender.account)) {
      return fenigeError(404, "CANT_FIND_PAYMENT_TOKEN", "Payment token with given id was not found");
    }
    if (!MC_CURRENCIES.has(b.currency)) return mcError("currency", REASONS.currency);
    if (b.amount > MC_SEND_LIMITS.maxAmount) return mcError("amount", REASONS.maxAmount);
    if (b.amount < MC_SEND_LIMITS.minAmount) return mcError("amount", REASONS.minAmount);
    if (b.recipient.address.country === "PRK") return mcError("recipient.address.country", REASONS.notOnboarded);
    if (b.recipient.accountUri?.startsWith("9")) return mcError("recipient.accountUri", REASONS.notEligible);
    if (b.recipient.receiverType === "FRIEND_ID" && !state.friendsOf(token).some((f) => f.friendId === b.recipient.userId)) {
      return mcError("recipient.userId", REASONS.notFound);
    }
    if (b.paymentType === "P2P" && b.qrData !== undefined) return mcError("qrData", REASONS.invalidRequest);
    if (b.merchantCategoryCode === "0000") return mcError("merchantCategoryCode", REASONS.notSupported);
    const dedupeKey = `${token}\n${b.transactionId}`;
    if (state.mcSendIds.has(dedupeKey)) return mcError("transactionId", REASONS.duplicate);
    state.mcSendIds.add(dedupeKey);
    return {
      status: 200,
      body: {
        transactionId: randomUUID(),
        transactionStatus: "APPROVED",
        transactionStatusReason: "APPROVED",
        processingCode: "28",
        fundsAvailability: "IMMEDIATE",
        transmissionDateTime: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      },
    };
  });
}
