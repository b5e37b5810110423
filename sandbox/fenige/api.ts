import { randomUUID } from "node:crypto";
import { payerSeen } from "../payer-seen";
import { z } from "zod";
import { later, type SandboxContext } from "../context";
import { minorUnits, toMajor } from "../currency";
import { httpUrl, json, type Route } from "../http";
import { FENIGE_MAGIC_AMOUNTS, FENIGE_NO_COUNTRY_BIN_PREFIX, FENIGE_STEP_UP_ON } from "../test-cards";
import type { FenigeKeys } from "./jwe";
import { FENIGE_HEADERS, fenigeError, fenigeHandler, validationError, zodToFenige, type FenigeError, type FenigeResult } from "./pipeline";
import { challengeResponse, methodResponse } from "./acs";
import { failedResult, resultFor, successResult, type Authentication, type FenigeState, type WalletCard } from "./state";

const RECEIVER_TYPES = ["EMPTY", "WALLET_CARD_ID", "FRIEND_ID", "BARE_CARD_NUMBER"] as const;
/** Ids are Strings in the tables but numbers in several examples; both are read. */
const id = z.union([z.string().min(1), z.number().int()], { error: "Required" }).transform(String);
/** Card data travels as a string or, as in the examples, an array of single characters. */
const chars = z.union([z.string().min(1), z.array(z.string().length(1)).min(1)], { error: "Required" }).transform((v) => (Array.isArray(v) ? v.join("") : v));
const currency = z.string({ error: "Required" }).length(3);

/** Rates against PLN per major unit; enough currencies for FX, and exponents 0, 2 and 3, to show up in the checkout. */
const PLN_PER_UNIT: Record<string, number> = { PLN: 1, EUR: 4.3, USD: 4.0, GBP: 5.0, CHF: 4.5, CZK: 0.18, INR: 0.048, HUF: 0.011, JPY: 0.026, KWD: 13.0 };

function rates(from: string, to: string): { lowerRate: number; higherRate: number } | null {
  const f = PLN_PER_UNIT[from];
  const t = PLN_PER_UNIT[to];
  if (f === undefined || t === undefined) return null;
  if (from === to) return { lowerRate: 1, higherRate: 1 };
  const mid = f / t;
  // Both spreads go against the payer, as in the document's example (higherRate < lowerRate).
  return { lowerRate: mid * 0.99, higherRate: mid * 0.97 };
}

function magic(amount: number): FenigeError | null {
  const m = FENIGE_MAGIC_AMOUNTS.find((x) => x.amount === amount);
  return m ? fenigeError(m.httpStatus, m.errorStatus) : null;
}

function senderCard(state: FenigeState, cardId: string): WalletCard | FenigeError {
  const card = state.card(cardId);
  if (!card) return fenigeError(404, "CANT_FIND_CARD", "Not found card");
  if (card.special === "card_not_active") return fenigeError(400, "ERROR_SENDER_CARD_NOT_ACTIVE", "Sender card is not active");
  return card;
}

function isFenigeError(x: unknown): x is FenigeError {
  return typeof x === "object" && x !== null && "body" in x && "status" in x;
}

type Receiver = { receiverType: (typeof RECEIVER_TYPES)[number]; card?: string; userId?: string };

/** Resolves a receiver to its currency, or the documented error for it. */
function receiverCurrency(state: FenigeState, token: string, r: Receiver, sender: WalletCard, mode: "commission" | "send"): string | FenigeError {
  switch (r.receiverType) {
    case "EMPTY":
      return sender.currency;
    case "WALLET_CARD_ID": {
      const card = state.card(r.card ?? "");
      if (!card) return fenigeError(404, "CANT_FIND_CARD", "Not found card");
      if (card.special === "card_not_active") return fenigeError(400, "ERROR_RECEIVER_CARD_NOT_ACTIVE", "Receiver card is not active");
      if (mode === "send" && card.special === "card_blocked") return fenigeError(400, "ERROR_RECEIVER_CARD_IS_BLOCKED", "Receiver card is blocked");
      return card.currency;
    }
    case "FRIEND_ID": {
      // The receiver-types table puts the friend id in `card`; the examples use `userId`.
      const friendId = Number(r.userId ?? r.card);
      if (!state.friendsOf(token).some((f) => f.friendId === friendId)) return fenigeError(404, "FRIEND_NOT_EXISTS", "Not found friend");
      return "PLN";
    }
    case "BARE_CARD_NUMBER": {
      const digits = r.card ?? "";
      if (!/^\d{12,19}$/.test(digits)) return validationError([{ field: "receiver.card", message: "must be a card number" }]);
      if (digits.startsWith(FENIGE_NO_COUNTRY_BIN_PREFIX)) {
        return mode === "commission"
          ? fenigeError(400, "ERROR_WHILE_GETTING_RECEIVER_COUNTRY_CODE", "Could not get card country code for receiver")
          : fenigeError(400, "ERROR_WHILE_GETTING_COUNTRY_CODE", "Could not get card country code");
      }
      return "PLN";
    }
  }
}

const determineCurrencySchema = z.object({
  sender: z.object({ cardId: id, userId: id }),
  receiver: z
    .object({ userId: id.optional(), receiverType: z.enum(RECEIVER_TYPES), card: chars })
    .refine((r) => r.receiverType !== "WALLET_CARD_ID" || r.userId !== undefined, { message: "Required if receiverType = WALLET_CARD_ID", path: ["userId"] }),
});

const commissionSchema = z.object({
  amount: z.number({ error: "Required" }).int().positive(),
  type: z.enum(["SENDER", "RECEIVER"]),
  sender: z.object({ cardId: id, userId: id, currency }),
  receiver: z.object({ userId: id, card: chars, receiverType: z.enum(RECEIVER_TYPES), currency }),
});

const namePart = z.string({ error: "Required" }).min(2).max(35).regex(/^[^0-9]+$/, "must not contain digits");

const sendMoneySchema = z
  .object({
    amount: z.number({ error: "Required" }).int().positive(),
    cvc2: chars.refine((v) => /^\d{3,4}$/.test(v), "must be 3 or 4 digits"),
    type: z.enum(["SENDER", "RECEIVER"]),
    addressIp: z.string({ error: "Required" }).min(1),
    sender: z.object({
      street: z.string().min(1).max(55).regex(/^[^\s]+(\s+[^\s]+)*$/, "must match pattern").optional(),
      houseNumber: z.string().min(1).max(10).regex(/^[0-9]{1,5}[A-z]?(?:\/[0-9]{1,5}[A-z]?)?$/, "must match pattern").optional(),
      city: z.string().min(1).max(55).optional(),
      postalCode: z.string().min(1).max(10).regex(/^(?=.*\d)(?=.*[1-9,a-zA-Z]).{1,10}$/, "must match pattern").optional(),
      flatNumber: z.string().min(1).max(5).regex(/^[a-zA-Z0-9 ]*$/, "must match pattern").optional(),
      email: z.email().max(128).optional(),
      currency,
      expirationDate: z.string({ error: "Required" }).min(1),
      personalId: z.string().optional(),
      cardId: id,
      userId: id,
      addressId: id.optional(),
    }),
    receiver: z
      .object({
        firstName: namePart,
        lastName: namePart,
        phoneNumber: z.string().optional(),
        displayName: z.string({ error: "Required" }).min(1),
        currency,
        userId: id.optional(),
        receiverType: z.enum(["WALLET_CARD_ID", "FRIEND_ID", "BARE_CARD_NUMBER"]),
        card: chars,
      })
      .refine((r) => r.firstName !== r.lastName, { message: "FirstName cannot be the same as lastName", path: ["firstName"] })
      .refine((r) => r.receiverType !== "FRIEND_ID" || r.userId !== undefined, { message: "Required if receiverType = FRIEND_ID", path: ["userId"] }),
    externalAuthentication: z
      .object({
        authenticationId: z.string().optional(),
        cavv: z.string().optional(),
        cavvAlgorithm: z.string().optional(),
        eci: z.string().optional(),
        authenticationStatus: z.string().optional(),
        transactionXId: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((b, ctx) => {
    // Street, house number, city and postal code are required unless an addressId names a stored address.
    if (b.sender.addressId !== undefined) return;
    for (const f of ["street", "houseNumber", "city", "postalCode"] as const) {
      if (b.sender[f] === undefined) ctx.addIssue({ code: "custom", path: ["sender", f], message: "Required (or send sender.addressId)" });
    }
  });

const friendSchema = z.object({
  friendWalletDataCoreId: z.number().int().optional(),
  displayName: z.string({ error: "Required" }).min(1),
  phoneNumber: z.string({ error: "Required" }).min(1),
  friendType: z.enum(["WALLET", "EXTERNAL"]),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  cardNumber: chars.optional(),
});

const updateFriendSchema = friendSchema.omit({ friendType: true, friendWalletDataCoreId: true });

const CHALLENGE_ONLY_TYPES = ["ADD_CARD", "VERIFY_CARDHOLDER", "INSTALLMENT_PAYMENT", "COF_INITIAL", "RECURRING_INITIAL"];
const stringy = z.union([z.string().min(1), z.boolean(), z.number()], { error: "Required" }).transform(String);

const initSchema = z
  .object({
    authenticationId: z.string({ error: "Required" }).min(1),
    amount: z.number({ error: "Required" }).int().positive(),
    currency: z.string({ error: "Required" }).regex(/^[A-Z]{3}$/, "must be a currency code"),
    cardId: id,
    browserDetails: z.object({
      browserIp: z.string().optional(),
      language: z.string({ error: "Required" }).min(1),
      javaEnabled: stringy,
      jsEnabled: stringy,
      screenColorDepth: stringy.refine((v) => ["1", "4", "8", "15", "16", "24", "32", "48"].includes(v), "must be one of 1, 4, 8, 15, 16, 24, 32, 48"),
      screenHeight: stringy.refine((v) => /^[0-9]{1,6}$/.test(v), 'must match "^[0-9]{1,6}$"'),
      screenWidth: stringy.refine((v) => /^[0-9]{1,6}$/.test(v), 'must match "^[0-9]{1,6}$"'),
      timezoneOffset: stringy.refine((v) => /^[+-]?[0-9]{1,4}$/.test(v), 'must match "^[+-]?[0-9]{1,4}$"'),
      userAgent: z.string({ error: "Required" }).min(1),
      acceptHeader: z.string({ error: "Required" }).min(1),
    }),
    requestChallengeIndicator: z.enum(["NO_PREFERENCE", "CHALLENGE_NOT_REQUESTED", "CHALLENGE_REQUESTED_MANDATE", "CHALLENGE_PREFER_BY_REQUESTOR_3DS"]),
    threeDsMethodNotificationUrl: httpUrl,
    challengeNotificationUrl: httpUrl,
    authenticationType: z.enum([
      "ADD_CARD",
      "VERIFY_CARDHOLDER",
      "QUASI_CASH",
      "PAYMENT",
      "COF_INITIAL",
      "INSTALLMENT_PAYMENT",
      "RECURRING_INITIAL",
      "MOTO",
      "RECURRING_SUBSEQUENT",
    ]),
  })
  .refine(
    (b) =>
      !CHALLENGE_ONLY_TYPES.includes(b.authenticationType) ||
      b.requestChallengeIndicator === "CHALLENGE_REQUESTED_MANDATE" ||
      b.requestChallengeIndicator === "CHALLENGE_PREFER_BY_REQUESTOR_3DS",
    { message: "not allowed for this authenticationType", path: ["requestChallengeIndicator"] },
  );

const continueSchema = z.object({ authenticationId: z.string({ error: "Required" }).min(1), methodCompletionIndicator: z.enum(["Y", "N", "U"]) });
const finalizeSchema = z.object({ authenticationId: z.string({ error: "Required" }).min(1) });

function frictionless(auth: Authentication) {
  return { authenticationId: auth.authenticationId, ...auth.result, threeDsMode: "FRICTIONLESS" };
}

export function fenigeApiRoutes(ctx: SandboxContext, keys: FenigeKeys, state: FenigeState, mcSend: Route["handler"]): Route[] {
  const failure = () => json(500, fenigeError(500, "INTERNAL_SERVER_ERROR").body, FENIGE_HEADERS);
  const P = "/fenige/mobile-api";
  const withBody = (fn: Parameters<typeof fenigeHandler>[2]) => fenigeHandler(keys, { body: true }, fn);
  const noBody = (fn: Parameters<typeof fenigeHandler>[2]) => fenigeHandler(keys, { body: false }, fn);

  const finishAuth = (auth: Authentication): FenigeResult => {
    auth.result = resultFor(auth.frictionlessStatus);
    auth.stage = "done";
    return { status: 200, body: frictionless(auth) };
  };

  return [
    {
      method: "GET",
      pattern: `${P}/public-key`,
      failure,
      handler: noBody(() => ({ status: 200, body: { value: keys.publicKeyBase64 } })),
    },
    {
      method: "POST",
      pattern: `${P}/active-accounts`,
      failure,
      handler: withBody(({ body }) => {
        const parsed = z.object({ phoneNumbers: z.array(z.string(), { error: "Required" }).min(1).max(100) }).safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        if (parsed.data.phoneNumbers.some((p) => !/^\d{9,15}$/.test(p))) {
          return fenigeError(400, "INVALID_PHONE_NUMBERS", "Phone numbers has incorrect format");
        }
        const out = [];
        for (const phone of parsed.data.phoneNumbers) {
          const card = state.byPhone(phone);
          // Only users with a valid (active) card are returned.
          if (!card || card.special === "card_not_active") continue;
          out.push({ phoneNumber: phone, userId: Number(card.userId), cardId: Number(card.cardId) });
        }
        return { status: 200, body: out };
      }),
    },
    {
      method: "POST",
      pattern: `${P}/determine-currency`,
      failure,
      handler: withBody(({ body, token }) => {
        const parsed = determineCurrencySchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const sender = senderCard(state, parsed.data.sender.cardId);
        if (isFenigeError(sender)) return sender;
        const rc = receiverCurrency(state, token, parsed.data.receiver, sender, "commission");
        if (isFenigeError(rc)) return rc;
        return {
          status: 200,
          body: { senderDefaultCurrencies: sender.currency, receiverDefaultCurrencies: rc, senderCurrencies: [sender.currency], receiverCurrencies: [rc] },
        };
      }),
    },
    {
      method: "GET",
      pattern: `${P}/currency-rate/:from/:to`,
      failure,
      handler: noBody(({ ctx: c }) => {
        const r = rates(c.params.from ?? "", c.params.to ?? "");
        if (!r) return fenigeError(500, "FENIGE_ERROR", "Fenige error");
        return { status: 200, body: { lowerRate: r.lowerRate.toFixed(7), higherRate: r.higherRate.toFixed(7) } };
      }),
    },
    {
      method: "POST",
      pattern: `${P}/calculate-commission`,
      failure,
      handler: withBody(({ body, token }) => {
        const parsed = commissionSchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const b = parsed.data;
        const m = magic(b.amount);
        if (m) return m;
        const sender = senderCard(state, b.sender.cardId);
        if (isFenigeError(sender)) return sender;
        if (sender.special === "no_country_code") {
          return fenigeError(400, "ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE", "Could not get card country code for sender");
        }
        const rc = receiverCurrency(state, token, b.receiver, sender, "commission");
        if (isFenigeError(rc)) return rc;
        const r = rates(b.sender.currency, b.receiver.currency);
        if (!r) return fenigeError(500, "FENIGE_ERROR", "Fenige error");
        const rate = b.type === "SENDER" ? r.lowerRate : r.higherRate;
        // Rates are per major unit; amounts are minor units, each in its own currency's exponent.
        const fundingDigits = minorUnits(b.sender.currency);
        const paymentDigits = minorUnits(b.receiver.currency);
        const scale = 10 ** (paymentDigits - fundingDigits);
        const funding = b.type === "SENDER" ? b.amount : Math.round(b.amount / rate / scale);
        const payment = b.type === "SENDER" ? Math.round(b.amount * rate * scale) : b.amount;
        // Sandbox fee: 1% of the funding amount, at least half a major unit, added on top (PLUS).
        const fee = Math.max(Math.ceil(10 ** fundingDigits / 2), Math.round(funding * 0.01));
        state.markCommission(token, sender.cardId);
        const majorFunding = (v: number) => toMajor(v, b.sender.currency);
        const majorPayment = (v: number) => toMajor(v, b.receiver.currency);
        return {
          status: 200,
          body: {
            commission: fee,
            transactionCommissions: [
              {
                value: fee,
                bigDecimalValue: majorFunding(fee),
                currencyExponent: fundingDigits,
                currency: b.sender.currency,
                commissionConfiguration: {
                  currency: b.sender.currency,
                  commissionType: "PROVISION",
                  reconciliationType: "PLUS",
                  geographicScope: b.sender.currency === b.receiver.currency ? "DOMESTIC" : "CROSSBORDER",
                  transactionType: { id: "funding", name: "MoneySend Funding" },
                },
              },
            ],
            revaluationResult: {
              revaluationFundingAmount: funding,
              bigDecimalRevaluationFundingAmount: majorFunding(funding),
              revaluationFundingTotalAmount: funding + fee,
              bigDecimalRevaluationFundingTotalAmount: majorFunding(funding + fee),
              fundingCurrency: b.sender.currency,
              revaluationPaymentAmount: payment,
              bigDecimalRevaluationPaymentAmount: majorPayment(payment),
              revaluationPaymentTotalAmount: payment,
              bigDecimalRevaluationPaymentTotalAmount: majorPayment(payment),
              paymentCurrency: b.receiver.currency,
              determineCurrencyRate: { from: b.sender.currency, to: b.receiver.currency, currencyRate: String(Number(rate.toFixed(7))) },
            },
          },
        };
      }),
    },
    {
      method: "POST",
      pattern: `${P}/send-money`,
      failure,
      handler: withBody(({ body, token }) => {
        const parsed = sendMoneySchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const b = parsed.data;
        const m = magic(b.amount);
        if (m) return m;
        const sender = senderCard(state, b.sender.cardId);
        if (isFenigeError(sender)) return sender;
        if (sender.special === "card_blocked") return fenigeError(400, "ERROR_SENDER_CARD_IS_BLOCKED", "Sender card is blocked");
        const rc = receiverCurrency(state, token, b.receiver, sender, "send");
        if (isFenigeError(rc)) return rc;
        let authenticated = true;
        const authId = b.externalAuthentication?.authenticationId;
        if (authId !== undefined) {
          const auth = state.authentications.get(authId);
          const field = "externalAuthentication.authenticationId";
          if (!auth || auth.token !== token) return validationError([{ field, message: "Unknown authentication" }]);
          if (!auth.result) return validationError([{ field, message: "Authentication is not finished" }]);
          if (auth.amount !== b.amount || auth.cardId !== sender.cardId) {
            return validationError([{ field, message: "Authentication was for another card or amount" }]);
          }
          // Y and A carry proof of authentication (cavv); N, R and U do not.
          authenticated = auth.result.authenticationStatus === "Y" || auth.result.authenticationStatus === "A";
        }
        const order = { orderId: randomUUID(), token, createdAt: new Date().toISOString(), status: "PENDING" as const };
        state.orders.set(order.orderId, order);
        const outcome = authenticated && sender.special !== "send_money_failure" ? "SUCCESS" : "FAILURE";
        later(ctx, ctx.settleMs, () => {
          const o = state.orders.get(order.orderId);
          if (o) o.status = outcome;
        });
        return { status: 200, body: { orderId: order.orderId }, headers: { location: `/api/send-money/${order.orderId}` } };
      }),
    },
    {
      method: "GET",
      pattern: `${P}/send-money/:orderId`,
      failure,
      handler: noBody(({ token, ctx: c }) => {
        const order = state.orders.get(c.params.orderId ?? "");
        if (!order || order.token !== token) return fenigeError(404, "TRANSACTION_NOT_FOUND", "Transation not found");
        return { status: 200, body: { orderId: order.orderId, createdAt: order.createdAt, status: order.status } };
      }),
    },
    {
      method: "POST",
      pattern: `${P}/wallet-users/friends`,
      failure,
      handler: withBody(({ body, token }) => {
        const parsed = friendSchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const f = parsed.data;
        const card = f.cardNumber ?? "";
        state.addFriend(token, {
          firstName: f.firstName ?? "",
          lastName: f.lastName ?? "",
          displayName: f.displayName,
          phoneNumber: f.phoneNumber,
          friendType: f.friendType,
          bin: f.friendType === "EXTERNAL" ? card.slice(0, 6) : "",
          lastFourDigits: f.friendType === "EXTERNAL" ? card.slice(-4) : "",
        });
        return { status: 204, headers: { location: "/api/wallet-users/1/friends", "content-type": "application/json" } };
      }),
    },
    {
      method: "GET",
      pattern: `${P}/wallet-users/friends`,
      failure,
      handler: noBody(({ token }) => ({ status: 200, body: { friends: state.friendsOf(token) } })),
    },
    {
      method: "PUT",
      pattern: `${P}/wallet-users/friends/:friendId`,
      failure,
      handler: withBody(({ body, token, ctx: c }) => {
        const parsed = updateFriendSchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const friend = state.friendsOf(token).find((f) => String(f.friendId) === c.params.friendId);
        if (!friend) return fenigeError(404, "FRIEND_NOT_EXISTS", "Not found friend");
        const u = parsed.data;
        friend.displayName = u.displayName;
        // WALLET friends can only be renamed; EXTERNAL friends take every field.
        if (friend.friendType === "EXTERNAL") {
          friend.phoneNumber = u.phoneNumber;
          if (u.firstName !== undefined) friend.firstName = u.firstName;
          if (u.lastName !== undefined) friend.lastName = u.lastName;
          if (u.cardNumber !== undefined) {
            friend.bin = u.cardNumber.slice(0, 6);
            friend.lastFourDigits = u.cardNumber.slice(-4);
          }
        }
        return { status: 204, headers: { location: `/mobile-api/wallet-users/friends/${friend.friendId}`, "content-type": "application/json" } };
      }),
    },
    {
      method: "DELETE",
      pattern: `${P}/wallet-users/friends/:friendId`,
      failure,
      handler: noBody(({ token, ctx: c }) => {
        if (!state.removeFriend(token, Number(c.params.friendId))) return fenigeError(404, "FRIEND_NOT_EXISTS", "Not found friend");
        return { status: 200 };
      }),
    },
    { method: "POST", pattern: `${P}/mc-send`, handler: mcSend },
    {
      method: "POST",
      pattern: `${P}/authentication/v2/init`,
      failure,
      handler: withBody(({ body, token }) => {
        const parsed = initSchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const b = parsed.data;
        const card = senderCard(state, b.cardId);
        if (isFenigeError(card)) return card;
        if (!state.hasCommission(token, card.cardId)) {
          return fenigeError(400, "PROCESS_NOT_ALLOWED", "Method not allowed - invoke calculate commission method is necessary first.");
        }
        let scenario = card.scenario;
        // A mandated challenge is honoured wherever the card would otherwise go frictionless.
        if (b.requestChallengeIndicator === "CHALLENGE_REQUESTED_MANDATE" && scenario === "frictionless") scenario = "challenge";
        // A re-init with the same authenticationId starts that authentication over.
        const auth: Authentication = {
          authenticationId: b.authenticationId,
          internalId: randomUUID(),
          token,
          cardId: card.cardId,
          amount: b.amount,
          currency: b.currency,
          scenario,
          method: card.method,
          frictionlessStatus: scenario === "declined" ? "N" : (card.authenticationStatus ?? "Y"),
          acsDown: card.special === "acs_down",
          threeDsServerTransId: randomUUID(),
          acsTransId: randomUUID(),
          methodNotificationUrl: b.threeDsMethodNotificationUrl,
          challengeNotificationUrl: b.challengeNotificationUrl,
          stage: "method",
          methodReceived: false,
          payerSeen: [
            ...(state.authentications.get(b.authenticationId)?.payerSeen ?? []),
            payerSeen(b.browserDetails.browserIp, b.browserDetails),
          ],
        };
        state.authentications.set(auth.authenticationId, auth);
        switch (scenario) {
          case "frictionless":
          case "declined":
            return finishAuth(auth);
          case "method_then_frictionless":
          case "method_then_challenge":
            return { status: 200, body: methodResponse(ctx, auth) };
          case "challenge":
            auth.stage = "challenge";
            return { status: 200, body: challengeResponse(ctx, auth) };
        }
      }),
    },
    {
      method: "POST",
      pattern: `${P}/authentication/v2/continue`,
      failure,
      handler: withBody(({ body, token }) => {
        const parsed = continueSchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const auth = state.authentications.get(parsed.data.authenticationId);
        if (!auth || auth.token !== token) return validationError([{ field: "authenticationId", message: "Unknown authentication" }]);
        // Assumption: continue is only valid right after a THREE_DS_METHOD answer.
        if (auth.stage !== "method") return fenigeError(400, "PROCESS_NOT_ALLOWED", "Authentication is not waiting for the 3DS method");
        const indicator = parsed.data.methodCompletionIndicator;
        // The indicator must fit what happened (the checkout cannot know better than the ACS
        // here, but a wrong value is a checkout bug worth a loud answer): U only when there
        // was no method URL, Y only when the ACS received the method data.
        const field = "methodCompletionIndicator";
        if (auth.method === "no_url" && indicator !== "U") return validationError([{ field, message: "must be U: there was no threeDsMethodUrl" }]);
        if (auth.method !== "no_url" && indicator === "U") return validationError([{ field, message: "must be Y or N: a threeDsMethodUrl was given" }]);
        if (indicator === "Y" && !auth.methodReceived) return validationError([{ field, message: "Y but the ACS never received threeDSMethodData" }]);
        auth.methodCompletionIndicator = indicator;
        if (auth.scenario === "method_then_challenge" || (FENIGE_STEP_UP_ON as readonly string[]).includes(indicator)) {
          auth.stage = "challenge";
          return { status: 200, body: challengeResponse(ctx, auth) };
        }
        return finishAuth(auth);
      }),
    },
    {
      method: "POST",
      pattern: `${P}/authentication/v2/finalize`,
      failure,
      handler: withBody(({ body, token }) => {
        const parsed = finalizeSchema.safeParse(body);
        if (!parsed.success) return zodToFenige(parsed.error);
        const auth = state.authentications.get(parsed.data.authenticationId);
        if (!auth || auth.token !== token) return validationError([{ field: "authenticationId", message: "Unknown authentication" }]);
        if (!auth.result && auth.stage === "challenge" && auth.challengeResult) {
          auth.result = auth.challengeResult === "Y" ? successResult() : failedResult("N");
          auth.stage = "done";
        }
        // Assumption: finalizing before the payer answered the challenge is refused.
        if (!auth.result) return fenigeError(400, "PROCESS_NOT_ALLOWED", "Challenge has not been completed");
        return { status: 200, body: { authenticationId: auth.authenticationId, ...auth.result } };
      }),
    },
  ];
}
