import { AppError } from "@/lib/errors";
import { uuidOf } from "@/lib/ids";
import { log } from "@/lib/log";
import type { CustomerDetails } from "@/lib/checkout/customer";
import {
  ProviderError,
  type BrowserData,
  type Checkpoint,
  type Connector,
  type ConnectorState,
  type HeldCard,
  type HeldCardSecret,
  type Money,
  type OperationRef,
  type ProviderAccountContext,
  type ProviderUpdate,
  type Quote,
  type ThreeDsFacts,
} from "@/lib/providers/types";
import { fenigeAccount } from "./account";
import { fenigeCall } from "./client";
import { authenticationDeclineCode, errorEnd, isAuthenticated, mapSendMoney, ownEnd, readAuthentication, recheckAfter, type AuthStep } from "./mapping";
import { FENIGE_PAYER_MESSAGES, fenigeFormMessage, fenigePayerOutcome } from "./payer-messages";
import {
  ActiveAccountsRequest,
  ActiveAccountsResponse,
  AuthenticationResponse,
  BrowserDetails,
  CalculateCommissionRequest,
  CalculateCommissionResponse,
  ContinueAuthenticationRequest,
  CurrencyRateResponse,
  DetermineCurrencyRequest,
  DetermineCurrencyResponse,
  InitAuthenticationRequest,
  SendMoneyDetails,
  SendMoneyRequest,
  SendMoneyResponse,
  toChars,
  type ActiveAccount,
  type ReceiverConfig,
} from "./schemas";
import { readState, statePatch, type FenigeOpState } from "./state";
import { FENIGE_TEST_HINTS } from "./test-hints";

// Fenige / Verestro wallet payments with native 3-D Secure 2. The payer is a wallet user
// found by phone number; the merchant receives on its own card from the account settings.
//
//   start:  active-accounts -> determine-currency -> calculate-commission (the figures the
//           payer agreed to must still hold) -> authentication/v2/init
//   init answers FRICTIONLESS (Y/A: send-money at once), THREE_DS_METHOD (hidden iframe;
//   resume: continue Y or N, or continue U at once without a method URL) or CHALLENGE
//   (iframe with our own CReq form; resume: finalize).
//   send-money with externalAuthentication.authenticationId, then send-money/{orderId}
//   until SUCCESS or FAILURE (the step worker reads it back while PENDING).
//
// Nothing before send-money can take money, so every failure before it ends the attempt
// with "not charged"; send-money is never retried, and an operation whose send-money went
// unanswered stays open with an admin's attention (Fenige offers no lookup by our id).

/** The document: Y when the method notified "under 10s", N when "over 10s". */
export const METHOD_TIMEOUT_MS = 10_000;
/** A 3DS step left this long (closed tab, ACS that is down) ends the attempt. */
export const ABANDONED_AFTER_MS = 30 * 60_000;

const A = "/authentication/v2";

// ---- the payer's wallet and the quote -----------------------------------------------------

/** E.164 digits without "+" or a leading 00, as active-accounts wants them. */
export function walletPhone(input: string): string | null {
  const digits = input.replace(/[\s().-]/g, "").replace(/^\+/, "").replace(/^00/, "");
  return /^\d{6,15}$/.test(digits) ? digits : null;
}

async function findWallet(account: ProviderAccountContext, phone: string): Promise<ActiveAccount | null> {
  const number = walletPhone(phone);
  if (!number) return null;
  const body = ActiveAccountsRequest.parse({ phoneNumbers: [number] });
  const found = await fenigeCall(account, { method: "POST", path: "/active-accounts", body, schema: ActiveAccountsResponse, idempotent: true });
  return found.find((a) => a.phoneNumber.replace(/^\+/, "") === number) ?? null;
}

const NO_WALLET = fenigeFormMessage("NO_WALLET");
const noWallet = () => new AppError("validation_failed", NO_WALLET.message, { messageKey: NO_WALLET.messageKey, fields: [{ path: "wallet.phone", message: NO_WALLET.message, code: NO_WALLET.messageKey }] });

function receiverBlock(receiver: ReceiverConfig) {
  return { receiverType: receiver.receiverType, card: toChars(receiver.card), ...(receiver.userId ? { userId: receiver.userId } : {}) };
}

interface Figures {
  wallet: ActiveAccount;
  senderCurrency: string;
  commission: ReturnType<typeof CalculateCommissionResponse.parse>;
  rate: string | null;
}

/** determine-currency, currency-rate and calculate-commission: what the payer's card is charged. */
async function figures(account: ProviderAccountContext, wallet: ActiveAccount, amount: Money): Promise<Figures> {
  const { receiver } = fenigeAccount(account);
  const determined = await fenigeCall(account, {
    method: "POST",
    path: "/determine-currency",
    body: DetermineCurrencyRequest.parse({ sender: { cardId: wallet.cardId, userId: wallet.userId }, receiver: receiverBlock(receiver) }),
    schema: DetermineCurrencyResponse,
    idempotent: true,
  });
  const senderCurrency = determined.senderDefaultCurrencies;
  // The merchant's amount is fixed (type RECEIVER): Fenige revalues with higherRate.
  const rate =
    senderCurrency === amount.currency
      ? null
      : (
          await fenigeCall(account, {
            method: "GET",
            path: `/currency-rate/${encodeURIComponent(senderCurrency)}/${encodeURIComponent(amount.currency)}`,
            schema: CurrencyRateResponse,
            idempotent: true,
          })
        ).higherRate;
  const commission = await fenigeCall(account, {
    method: "POST",
    path: "/calculate-commission",
    body: CalculateCommissionRequest.parse({
      amount: amount.amount,
      type: "RECEIVER",
      sender: { cardId: wallet.cardId, userId: wallet.userId, currency: senderCurrency },
      receiver: { ...receiverBlock(receiver), ...(receiver.userId ? { userId: Number(receiver.userId) } : {}), currency: amount.currency },
    }),
    schema: CalculateCommissionResponse,
    idempotent: true,
  });
  return { wallet, senderCurrency, commission, rate };
}

function quoteOf(f: Figures, amount: Money): Quote {
  const r = f.commission.revaluationResult;
  return {
    total: { amount: r.revaluationFundingTotalAmount, currency: r.fundingCurrency },
    fee: f.commission.commission > 0 ? { amount: f.commission.commission, currency: r.fundingCurrency } : null,
    rate: r.fundingCurrency === amount.currency ? null : { from: r.fundingCurrency, to: amount.currency, value: f.rate ?? r.determineCurrencyRate?.currencyRate ?? "1" },
  };
}

/** A provider refusal while quoting, as a message for the payer's form; anything else is thrown on. */
function quoteRefusal(e: unknown): AppError {
  if (e instanceof ProviderError && (e.kind === "rejected" || (e.kind === "outcome_unknown" && e.details?.providerCode))) {
    const { message, key } = fenigePayerOutcome(e.details?.providerCode);
    const messageKey = `fenige:${key}`;
    return new AppError("validation_failed", message, { messageKey, fields: [{ path: "wallet.phone", message, code: messageKey }] });
  }
  if (e instanceof ProviderError) return new AppError("provider_unavailable", "The wallet service is not answering right now. Please try again in a few minutes.", { retryAfterSeconds: 30, messageKey: "checkout:walletUnavailable" });
  throw e;
}

// ---- send-money's sender block ----------------------------------------------------------

const HOUSE = "\\d{1,5}[A-Za-z]?(?:\\/\\d{1,5}[A-Za-z]?)?";
const STREET_THEN_NUMBER = new RegExp(`^(.*\\S)\\s+(${HOUSE})$`);
const NUMBER_THEN_STREET = new RegExp(`^(${HOUSE}),?\\s+(\\S.*)$`);

/**
 * send-money wants street and house number apart ("Olszewskiego" / "17A"). The billing
 * address line gives both, in either order; a line without a house number is asked again.
 */
export function splitStreet(line1: string): { street: string; houseNumber: string } | null {
  const line = line1.trim().replace(/\s+/g, " ");
  const a = STREET_THEN_NUMBER.exec(line);
  if (a?.[1] && a[2]) return { street: a[1].replace(/,$/, ""), houseNumber: a[2] };
  const b = NUMBER_THEN_STREET.exec(line);
  if (b?.[1] && b[2]) return { street: b[2], houseNumber: b[1] };
  return null;
}

function senderBlock(customer: CustomerDetails | null): Record<string, string> {
  const address = customer?.address;
  const split = address ? splitStreet(address.line1) : null;
  if (!address || !split) {
    const line = fenigeFormMessage("STREET_AND_NUMBER");
    throw new AppError("validation_failed", "Enter your street and house number.", {
      fields: [{ path: "customer.address.line1", message: line.message, code: line.messageKey }],
    });
  }
  const flat = address.line2?.trim();
  return {
    street: split.street.slice(0, 55),
    houseNumber: split.houseNumber,
    city: address.city.trim().slice(0, 55),
    postalCode: address.postal_code.trim(),
    ...(flat && /^[a-zA-Z0-9 ]{1,5}$/.test(flat) ? { flatNumber: flat } : {}),
    ...(customer?.email ? { email: customer.email } : {}),
  };
}

function browserDetails(b: BrowserData): BrowserDetails {
  const parsed = BrowserDetails.safeParse({
    browserIp: b.ip,
    language: b.language,
    javaEnabled: String(b.javaEnabled),
    jsEnabled: String(b.javascriptEnabled),
    screenColorDepth: String(b.colorDepth),
    screenHeight: String(b.screenHeight),
    screenWidth: String(b.screenWidth),
    // Date#getTimezoneOffset's minutes, as EMV 3DS's browserTZ takes them.
    timezoneOffset: String(b.timezoneOffset),
    userAgent: b.userAgent || "unknown",
    acceptHeader: b.acceptHeader || "*/*",
  });
  if (!parsed.success) {
    throw new AppError("validation_failed", "Your browser's details could not be read for 3-D Secure.", { fields: parsed.error.issues.map((i) => ({ path: `browser.${i.path.join(".")}`, message: "Not accepted" })) });
  }
  return parsed.data;
}

// ---- the steps ------------------------------------------------------------------------

interface Step {
  account: ProviderAccountContext;
  operation: OperationRef;
  state: FenigeOpState;
  checkpoint(patch: Checkpoint): Promise<void>;
  heldCard: HeldCard;
}

/**
 * A call made before send-money: whatever goes wrong, nothing was taken, so the attempt
 * ends here with a reason (Fenige's errorStatus when it gave one).
 */
async function beforeTransfer<T>(what: string, call: () => Promise<T>, options: { passUnavailable?: boolean } = {}): Promise<{ ok: true; value: T } | { ok: false; updates: ProviderUpdate[] }> {
  try {
    return { ok: true, value: await call() };
  } catch (e) {
    if (!(e instanceof ProviderError) || (options.passUnavailable && e.kind === "unavailable")) throw e;
    log.warn("fenige call before the transfer failed", { step: what, kind: e.kind, errorStatus: e.details?.providerCode });
    const code = e.details?.providerCode;
    if (code && !code.startsWith("HTTP_")) return { ok: false, updates: [errorEnd(code, what, { kind: e.kind, errorStatus: code })] };
    return { ok: false, updates: [ownEnd("NOT_ANSWERED", "failed", { step: what, kind: e.kind })] };
  }
}

const withThreeDs = (updates: ProviderUpdate[], threeDs: ThreeDsFacts): ProviderUpdate[] => updates.map((u) => ({ ...u, threeDs: { ...threeDs, ...u.threeDs } }));

async function advance(s: Step, step: AuthStep, path: string, raw: unknown): Promise<ProviderUpdate[]> {
  const authId = s.state.authenticationId;
  const now = Date.now();
  switch (step.kind) {
    case "unreadable":
      log.warn("fenige authentication answer unreadable", { operationId: s.operation.id, why: step.why });
      return [ownEnd("AUTHENTICATION_UNREADABLE", "failed", raw, step.why)];
    case "method": {
      if (!step.url) {
        // No method URL: nothing for the browser to do; Fenige is told U straight away.
        const label = `${path}method without URL (U)`;
        const answer = await beforeTransfer("continue", () =>
          fenigeCall(s.account, { method: "POST", path: `${A}/continue`, body: ContinueAuthenticationRequest.parse({ authenticationId: authId, methodCompletionIndicator: "U" }), schema: AuthenticationResponse, idempotent: false }),
        );
        if (!answer.ok) return withThreeDs(answer.updates, { flow: "method", path: label, methodCompletion: "U", methodMs: 0 });
        const next = await advance(s, readAuthentication(answer.value, authId), `${label} → `, answer.value);
        return withThreeDs(next, { methodCompletion: "U", methodMs: 0 });
      }
      const label = `${path}method`;
      return [
        {
          status: "requires_action",
          providerStatus: "THREE_DS_METHOD",
          providerTime: null,
          dedupeKey: `fenige:method:${authId}`,
          action: { kind: "method_iframe", url: step.url, fields: { threeDSMethodData: step.data }, timeoutMs: METHOD_TIMEOUT_MS },
          state: statePatch({ stage: "method", stageAt: now, path: label }),
          threeDs: { version: "2", flow: "method", authenticationId: authId, path: label },
          raw,
        },
      ];
    }
    case "challenge": {
      const label = `${path}challenge`;
      const windowSize = s.state.challengeWindow as 1 | 2 | 3 | 4 | 5;
      return [
        {
          status: "requires_action",
          providerStatus: "CHALLENGE",
          providerTime: null,
          dedupeKey: `fenige:challenge:${authId}`,
          // Our own form posting the CReq to the ACS; the provider's ready-made HTML is not used.
          action: { kind: "challenge_iframe", url: step.acsUrl, fields: { creq: step.creq, ...(step.sessionData ? { threeDSSessionData: step.sessionData } : {}) }, windowSize },
          state: statePatch({ stage: "challenge", stageAt: now, path: label }),
          threeDs: { version: "2", flow: "challenge", authenticationId: authId, path: label },
          raw,
        },
      ];
    }
    case "done": {
      const label = `${path}${path.endsWith("challenge") ? " → " : "frictionless "}${step.status}`;
      const flow: ThreeDsFacts["flow"] = path.endsWith("challenge") ? "challenge" : path.includes("method") ? "method" : "frictionless";
      const facts: ThreeDsFacts = { version: "2", flow, authenticationId: authId, status: step.status, path: label, ...(step.eci ? { eci: step.eci } : {}) };
      const state = statePatch({ authenticationStatus: step.status, eci: step.eci ?? undefined, path: label });
      if (!isAuthenticated(step.status)) {
        const code = authenticationDeclineCode(step.status);
        return [{ ...ownEnd(code, "declined", raw, `authenticationStatus ${step.status}`), threeDs: facts, state }];
      }
      await s.checkpoint({ state });
      // The card data travels only with the browser: a step that ended without it (an
      // issuer's notification, a timer) asks the page to send it again.
      const held = await s.heldCard.take();
      if (!held) return [awaitCardData(authId, facts, state)];
      return withThreeDs(await sendMoney(s, held), facts);
    }
  }
}

/** How long the page has to send the card data once the payer is authenticated. */
export const CARD_DATA_TIMEOUT_MS = 5 * 60_000;

function awaitCardData(authId: string, threeDs: ThreeDsFacts, state: ConnectorState): ProviderUpdate {
  return {
    status: "requires_action",
    providerStatus: "awaiting_card_data",
    providerTime: null,
    dedupeKey: `fenige:awaiting_card_data:${authId}`,
    action: { kind: "card_data", timeoutMs: CARD_DATA_TIMEOUT_MS },
    state: { ...state, ...statePatch({ stage: "awaiting_card", stageAt: Date.now() }) },
    threeDs,
    raw: { authenticationId: authId, waitingFor: "card_data" },
  };
}

async function sendMoney(s: Step, held: HeldCardSecret): Promise<ProviderUpdate[]> {
  const { account, operation, state } = s;
  const { receiver } = fenigeAccount(account);
  const body = SendMoneyRequest.safeParse({
    amount: operation.amount,
    cvc2: toChars(held.cvc),
    type: "RECEIVER",
    addressIp: state.addressIp,
    sender: {
      ...(JSON.parse(state.sender) as Record<string, string>),
      currency: state.senderCurrency,
      expirationDate: `${held.expMonth}/${held.expYear.slice(-2)}`,
      cardId: state.cardId,
      userId: state.userId,
    },
    receiver: {
      firstName: receiver.firstName,
      lastName: receiver.lastName,
      displayName: receiver.displayName,
      ...(receiver.phone ? { phoneNumber: receiver.phone } : {}),
      currency: operation.currency,
      receiverType: receiver.receiverType,
      card: toChars(receiver.card),
      ...(receiver.userId ? { userId: receiver.userId } : {}),
    },
    externalAuthentication: { authenticationId: state.authenticationId },
  });
  if (!body.success) {
    // Paths only: the values hold the security code.
    log.warn("fenige send-money request not valid", { operationId: operation.id, fields: body.error.issues.map((i) => i.path.join(".")) });
    return [ownEnd("CARD_DATA_EXPIRED", "failed", { step: "send-money", fields: body.error.issues.map((i) => i.path.join(".")) }, "the held card data was not usable")];
  }
  // From here the payer may be charged: a later read-back must never call this unpaid.
  await s.checkpoint({ state: statePatch({ stage: "sending", stageAt: Date.now() }) });
  let orderId: string;
  try {
    orderId = (await fenigeCall(account, { method: "POST", path: "/send-money", body: body.data, schema: SendMoneyResponse, idempotent: false })).orderId;
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    if (e.kind === "unavailable") return [{ ...ownEnd("NOT_ANSWERED", "failed", { step: "send-money", kind: e.kind }), state: statePatch({ stage: "resuming" }) }];
    if (e.kind === "rejected") return [errorEnd(e.details?.providerCode ?? "UNKNOWN_ERROR", "send-money", { errorStatus: e.details?.providerCode ?? null, status: e.details?.status ?? null })];
    // No answer, a 5xx, an unreadable answer: the transfer may exist. Left open.
    throw e;
  }
  const sentAt = Date.now();
  await s.checkpoint({ providerReference: orderId, state: statePatch({ stage: "sent", orderId, sentAt, stageAt: sentAt }) });
  return [
    {
      status: "processing",
      providerStatus: "send_money:sent",
      providerTime: null,
      dedupeKey: `fenige:send_money:${orderId}:sent`,
      providerReference: orderId,
      state: statePatch({ stage: "sent", orderId, sentAt }),
      recheckAfterMs: recheckAfter(sentAt),
      raw: { orderId },
    },
  ];
}

async function readTransfer(account: ProviderAccountContext, operation: OperationRef, state: FenigeOpState): Promise<ProviderUpdate[]> {
  if (!state.orderId) return [];
  try {
    const details = await fenigeCall(account, { method: "GET", path: `/send-money/${encodeURIComponent(state.orderId)}`, schema: SendMoneyDetails, idempotent: true });
    if (details.orderId !== state.orderId) throw new ProviderError("invalid_response", "Fenige send-money details name another order");
    return [mapSendMoney(details, operation.status, state.sentAt)];
  } catch (e) {
    if (e instanceof ProviderError && e.details?.providerCode === "TRANSACTION_NOT_FOUND") {
      return [
        {
          status: operation.status,
          providerStatus: "send_money:TRANSACTION_NOT_FOUND",
          providerTime: null,
          dedupeKey: `fenige:send_money:${state.orderId}:not_found`,
          attention: "fenige_transfer_not_found",
          raw: { orderId: state.orderId, errorStatus: "TRANSACTION_NOT_FOUND" },
        },
      ];
    }
    throw e;
  }
}

async function readBack(account: ProviderAccountContext, operation: OperationRef): Promise<ProviderUpdate[]> {
  const state = readState(operation.connectorState);
  if (!state) return [];
  if (state.orderId) return readTransfer(account, operation, state);
  if (state.stage === "sending") {
    // send-money left and no answer came back: the transfer may exist, and Fenige cannot be
    // asked for it by anything of ours. A person must settle it with Fenige.
    return [
      {
        status: operation.status,
        providerStatus: "send_money:unanswered",
        providerTime: null,
        dedupeKey: "fenige:send_money:unanswered",
        attention: "fenige_send_money_unanswered",
        raw: { reason: "send-money was sent and never answered; Fenige has no lookup by our id" },
      },
    ];
  }
  if (Date.now() - state.stageAt > ABANDONED_AFTER_MS) {
    // Nothing was sent that can take money; the browser step was never finished.
    return [ownEnd("AUTHENTICATION_ABANDONED", "failed", { stage: state.stage, since: new Date(state.stageAt).toISOString() })];
  }
  return [];
}

function stepOf(account: ProviderAccountContext, operation: OperationRef, context: { checkpoint(p: Checkpoint): Promise<void>; heldCard: HeldCard }): Step | null {
  const state = readState(operation.connectorState);
  return state ? { account, operation, state, checkpoint: context.checkpoint, heldCard: context.heldCard } : null;
}

export const fenigeConnector: Connector = {
  name: "fenige",
  capabilities: {
    methods: ["wallet"],
    // "Transfers can be make in any currency"; Fenige revalues between the card's and ours.
    currencies: "any",
    // send-money's sender block: street, house number, city and postal code are required
    // unless an addressId (which nothing we can call gives) names a stored address.
    // (The country is not sent, but an address is kept only whole: see mergeBilling.)
    billingFields: ["address.line1", "address.city", "address.postal_code", "address.country"],
    cancel: false,
    approve: false,
    decidesOnCallback: false,
    // The transfer is filed under Fenige's orderId, known only from send-money's answer.
    lookupByOwnId: false,
    // The wallet's card is already on file; no card number is typed here.
    cardBrands: [],
  },
  testHints: FENIGE_TEST_HINTS,
  payerMessages: FENIGE_PAYER_MESSAGES,

  describeOutcome(outcome) {
    return fenigePayerOutcome(outcome.declineCode);
  },

  async lookupPayer(account, input) {
    const wallet = await findWallet(account, input.phone);
    return wallet ? { found: true } : { found: false, ...NO_WALLET };
  },

  async quote(account, input) {
    try {
      const wallet = await findWallet(account, input.method.phone);
      if (!wallet) throw noWallet();
      return quoteOf(await figures(account, wallet, input.amount), input.amount);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw quoteRefusal(e);
    }
  },

  async start(account, input) {
    const { operation } = input;
    if (input.method.type !== "wallet") throw new AppError("unprocessable", "This payment method is not available with this provider.");
    const method = input.method;
    // Everything the payer can fix is checked before anything is sent.
    const sender = senderBlock(input.customer);
    if (!input.browser) throw new AppError("validation_failed", "Browser data is required for 3-D Secure.", { fields: [{ path: "browser", message: "Required" }] });
    const browser = input.browser;
    const details = browserDetails(browser);
    // A connection never made is the checkout's "not charged, try again"; any other trouble
    // finding the wallet ends the attempt at once, nothing payable having been sent.
    const found = await beforeTransfer("active-accounts", () => findWallet(account, method.phone), { passUnavailable: true });
    if (!found.ok) return { providerReference: null, updates: found.updates };
    const wallet = found.value;
    if (!wallet) throw noWallet();

    const amount = { amount: operation.amount, currency: operation.currency };
    const quoted = await beforeTransfer("calculate-commission", () => figures(account, wallet, amount));
    if (!quoted.ok) return { providerReference: null, updates: quoted.updates };
    const total = quoteOf(quoted.value, amount).total;
    if (method.quoted && (method.quoted.amount !== total.amount || method.quoted.currency !== total.currency)) {
      // The payer agreed to another figure (the rate moved): they see the new one first.
      throw new AppError("validation_failed", "The amount in your card's currency has changed. Check the new amount and pay again.", {
        fields: [{ path: "wallet.quote", message: "The amount in your card's currency has changed." }],
      });
    }

    const authenticationId = uuidOf(operation.id);
    const now = Date.now();
    const state: FenigeOpState = {
      userId: wallet.userId,
      cardId: wallet.cardId,
      senderCurrency: quoted.value.senderCurrency,
      fundingTotal: total.amount,
      authenticationId,
      stage: "authenticating",
      stageAt: now,
      path: "",
      challengeWindow: browser.challengeWindow,
      addressIp: browser.ip,
      sender: JSON.stringify(sender),
    };
    // Fenige files the authentication under our id: that is its reference until a transfer exists.
    await input.checkpoint({ providerReference: authenticationId, state: statePatch(state) });
    const init = await beforeTransfer("init", () =>
      fenigeCall(account, {
        method: "POST",
        path: `${A}/init`,
        body: InitAuthenticationRequest.parse({
          authenticationId,
          amount: operation.amount,
          currency: operation.currency,
          cardId: wallet.cardId,
          browserDetails: details,
          requestChallengeIndicator: "NO_PREFERENCE",
          threeDsMethodNotificationUrl: input.urls.threeDsMethodNotification,
          challengeNotificationUrl: input.urls.challengeNotification,
          authenticationType: "PAYMENT",
        }),
        schema: AuthenticationResponse,
        idempotent: false,
      }),
    );
    if (!init.ok) return { providerReference: authenticationId, updates: init.updates };
    const step: Step = { account, operation, state, checkpoint: input.checkpoint, heldCard: input.heldCard };
    const updates = await advance(step, readAuthentication(init.value, authenticationId), "", init.value);
    return { providerReference: updates.find((u) => u.providerReference)?.providerReference ?? authenticationId, updates };
  },

  async resume(account, operation, input, context) {
    const s = stepOf(account, operation, context);
    if (input.kind === "payer_returned") return readBack(account, operation);
    if (!s) return [];
    const authId = s.state.authenticationId;
    if (input.kind === "method_completed" || input.kind === "method_timeout") {
      if (s.state.stage !== "method") return [];
      await context.checkpoint({ state: statePatch({ stage: "resuming", stageAt: Date.now() }) });
      const indicator = input.kind === "method_completed" ? "Y" : "N";
      const path = `${s.state.path} (${indicator})`;
      const answer = await beforeTransfer("continue", () =>
        fenigeCall(account, { method: "POST", path: `${A}/continue`, body: ContinueAuthenticationRequest.parse({ authenticationId: authId, methodCompletionIndicator: indicator }), schema: AuthenticationResponse, idempotent: false }),
      );
      if (!answer.ok) return withThreeDs(answer.updates, { path, methodCompletion: indicator });
      return withThreeDs(await advance(s, readAuthentication(answer.value, authId), `${path} → `, answer.value), { methodCompletion: indicator });
    }
    if (input.kind === "card_data_sent" || input.kind === "card_data_timeout") {
      if (s.state.stage !== "awaiting_card") return [];
      if (input.kind === "card_data_timeout") return [ownEnd("CARD_DATA_NOT_SENT", "failed", { step: "card_data", stage: s.state.stage })];
      const held = await context.heldCard.take();
      if (!held) return [ownEnd("CARD_DATA_EXPIRED", "failed", { step: "card_data" })];
      return sendMoney(s, held);
    }
    if (s.state.stage !== "challenge") return [];
    // The payer closed the challenge: no finalize, so nothing can go on to send-money
    // (which alone moves money); the authentication lapses at Fenige unused.
    if (input.kind === "challenge_cancelled") return [ownEnd("CHALLENGE_CANCELLED", "failed", { step: "challenge" })];
    // challenge_completed, challenge_timeout: whatever the browser brought, finalize says.
    await context.checkpoint({ state: statePatch({ stage: "resuming", stageAt: Date.now() }) });
    const answer = await beforeTransfer("finalize", () =>
      fenigeCall(account, { method: "POST", path: `${A}/finalize`, body: { authenticationId: authId }, schema: AuthenticationResponse, idempotent: false }),
    );
    if (!answer.ok) {
      // Finalizing an unanswered challenge is refused: that is the timeout, not an error.
      const unanswered = input.kind === "challenge_timeout" && answer.updates.some((u) => u.decline?.code === "PROCESS_NOT_ALLOWED");
      return unanswered ? [ownEnd("CHALLENGE_TIMEOUT", "failed", { step: "finalize" })] : answer.updates;
    }
    const step = readAuthentication({ ...answer.value, threeDsMode: "FRICTIONLESS" }, authId);
    return advance(s, step.kind === "done" ? step : { kind: "unreadable", why: "finalize gave no result" }, s.state.path, answer.value);
  },

  async parseCallback(account, operation) {
    // Fenige documents no callbacks; anything arriving is answered with our own read-back.
    return readBack(account, operation);
  },

  callbackReply() {
    return { status: 200 };
  },

  fetchStatus(account, operation) {
    return readBack(account, operation);
  },
};
