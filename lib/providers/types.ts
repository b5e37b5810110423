import type { ProviderName } from "./names";
import type { FinalStatus, OperationStatus } from "@/lib/operations/status";
import type { CustomerDetails } from "@/lib/checkout/customer";
import type { BillingField } from "@/lib/checkout/billing-fields";
import type { Locale } from "@/lib/i18n/locales";

// The one interface every provider connector implements. It is shaped by all five
// provider documents at once:
// - ON/RAMP S2S answers create with an id only; the 3DS redirect arrives later by
//   callback (once or twice)        -> start() returns `wait`, callbacks carry `redirect`.
// - Paysecure returns a redirect URL at once (202 + callback_url)  -> start() returns `redirect`.
// - ON/RAMP ingress returns a hosted invoice URL and later asks us to acknowledge
//   (200 credit / 204 cancel)       -> start() returns `redirect`; the ack is a callback
//                                      whose reply depends on our decision (ackCallback).
// - Fenige drives 3DS2 natively     -> start() returns `method_iframe` or `challenge_iframe`,
//   and resume() carries the method completion / challenge result back to the provider;
//   the wallet is looked up and the fee quoted before paying (lookupPayer, quote), and the
//   security code waits encrypted for the transfer after 3DS (HeldCard).

export interface CardInput {
  number: string;
  expMonth: string; // "01".."12"
  expYear: string; // four digits
  cvc: string;
  holderName: string;
}

/**
 * - wallet: the payer is found by the phone number of a wallet (E.164 digits without "+");
 *   the card's security code and expiry are held encrypted (StartInput.heldCard) until the
 *   one call that sends them. `quoted` is the amount the payer was shown and agreed to, in
 *   the card's currency (see Connector.quote); null when the page showed none.
 */
export type PaymentMethodInput =
  | { type: "card"; card: CardInput }
  | { type: "bank" }
  | { type: "invoice" }
  | { type: "wallet"; phone: string; quoted: Money | null };

/** An amount in minor units of its ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** What the payer typed for a card the provider already knows (a wallet card). */
export interface HeldCardSecret {
  cvc: string;
  expMonth: string; // "01".."12"
  expYear: string; // four digits
}

/**
 * Card data the payer typed for a card the provider already knows, as the browser's own JWE
 * (to the checkout's card key) carried by the request in hand: the press of Pay, or the
 * page sending it again when the provider is ready for it (NextAction "card_data"). The
 * checkout never stores it, in clear or encrypted; a step that arrives without the browser
 * (an issuer's notification, a timer) holds nothing, and the connector asks the page.
 */
export interface HeldCard {
  /**
   * Decrypt it for the call that sends it and forget it: a second take answers null, as do
   * data that were never given. Take it right before that call, never earlier.
   */
  take(): Promise<HeldCardSecret | null>;
}

/** Browser facts for 3DS2, read in the payer's browser plus what the server sees. */
export interface BrowserData {
  screenWidth: number;
  screenHeight: number;
  colorDepth: 1 | 4 | 8 | 15 | 16 | 24 | 32 | 48;
  timezoneOffset: number; // minutes, as Date#getTimezoneOffset (negative east of UTC)
  language: string;
  javaEnabled: boolean;
  javascriptEnabled: boolean;
  challengeWindow: 1 | 2 | 3 | 4 | 5; // 250x400, 390x400, 500x600, 600x400, full screen
  ip: string;
  userAgent: string;
  acceptHeader: string;
}

export interface ProviderAccountContext {
  baseUrl: string;
  credentials: Record<string, string>;
}

/**
 * What a connector keeps per operation between calls (an authentication id, an order id):
 * persisted on the operation, handed back on every later call. Each connector reads its own
 * keys with its own schema; nothing outside the connector interprets them.
 */
export type ConnectorState = Record<string, string | number | boolean | null>;

export interface OperationRef {
  id: string; // our op_… id
  providerReference: string | null;
  amount: number; // minor units
  currency: string;
  customerId: string;
  sessionId: string;
  status: OperationStatus;
  connectorState: ConnectorState;
}

/** Saved at once, before the connector's next call can fail (see StartInput.checkpoint). */
export interface Checkpoint {
  providerReference?: string;
  state?: ConnectorState;
}

export interface StartInput {
  operation: OperationRef;
  method: PaymentMethodInput;
  customer: CustomerDetails | null;
  browser: BrowserData | null;
  merchant: { name: string; logoUrl: string | null };
  description: string;
  expiresAt: Date;
  /** Whether this customer of the merchant has paid successfully before (ON/RAMP's first_time). */
  returningCustomer: boolean;
  urls: {
    /** Per-operation callback URL with an unguessable token. */
    callback: string;
    /** Where the payer's browser comes back to after a provider page. */
    payerReturn: string;
    payerReturnFailure: string;
    /** Where a 3DS method iframe / challenge posts its completion (Fenige). */
    threeDsMethodNotification: string;
    challengeNotification: string;
  };
  /**
   * Persist the provider's reference or connector state now, in the middle of start(): a
   * two-step provider (create, then pay) keeps what the first call gave before the second
   * can fail, so a lost answer to the second can still be read back.
   */
  checkpoint(patch: Checkpoint): Promise<void>;
  /** Card data for wallet payments (see HeldCard); empty for other methods. */
  heldCard: HeldCard;
}

/** What resume() may do besides calling the provider: what start() may. */
export interface ResumeContext {
  checkpoint(patch: Checkpoint): Promise<void>;
  heldCard: HeldCard;
}

/**
 * What the payer's browser must do next, rendered by our pages. Every variant is complete:
 * - redirect: a top-level navigation to a provider or issuer page; `number` counts the
 *   redirects of one attempt (ON/RAMP may ask twice), so a second one is told apart.
 * - method_iframe: a hidden iframe that form-posts `fields` to the issuer's 3DS method URL;
 *   the server gives up waiting after `timeoutMs` and carries on without it.
 * - challenge_iframe: an iframe of `windowSize` that form-posts `fields` (the CReq) to the
 *   issuer's ACS; the ACS answers to our challenge notification route.
 * - card_data: the payer is authenticated and the provider needs the card data the page
 *   encrypted at Pay (a wallet card's security code and expiry): the page sends it again,
 *   or asks the payer for it; the server gives up after `timeoutMs`, nothing having been
 *   sent that could charge the payer.
 */
export type NextAction =
  | { kind: "redirect"; url: string; number: number }
  | { kind: "method_iframe"; url: string; fields: Record<string, string>; timeoutMs: number }
  | { kind: "challenge_iframe"; url: string; fields: Record<string, string>; windowSize: BrowserData["challengeWindow"] }
  | { kind: "card_data"; timeoutMs: number };

export interface ThreeDsFacts {
  version?: string;
  flow?: "frictionless" | "challenge" | "method" | "redirect" | "none";
  eci?: string;
  authenticationId?: string;
  /** The provider's authentication result (EMV transStatus: Y, A, N, R, U, ...). */
  status?: string;
  /** The steps that ran, in order, for people: "method (Y) → challenge". */
  path?: string;
  /** How long the 3DS method step took, from the iframe being asked for to its notification or timeout. */
  methodMs?: number;
  /** What the provider was told of the method step: Y in time, N late or never, U no method URL. */
  methodCompletion?: "Y" | "N" | "U";
}

/** A provider fact, already mapped onto our status machine. */
export interface ProviderUpdate {
  status: OperationStatus;
  providerStatus: string;
  /** The provider's own time for this fact; null when it gives none. */
  providerTime: Date | null;
  /** Stable across repeats of the same provider fact, for de-duplication. */
  dedupeKey: string;
  action?: NextAction;
  providerReference?: string;
  decline?: { code: string; reason: string };
  threeDs?: ThreeDsFacts;
  /** Keys merged into the operation's connector state when this fact is applied. */
  state?: ConnectorState;
  /** Set when a person should look at the operation (shown and filterable in the admin). */
  attention?: string;
  /**
   * Ask the provider again this soon (ms) while the operation is not final, e.g. a transfer
   * the provider settles within seconds: the checkout's step worker reads the status back
   * (fetchStatus) then, whether or not this update changed anything.
   */
  recheckAfterMs?: number;
  /** The provider's payload, redacted of card data and secrets by the connector. */
  raw: unknown;
}

export interface StartResult {
  providerReference: string | null;
  updates: ProviderUpdate[];
}

/**
 * A browser step's end, as the checkout saw it. method_timeout: the method's notification
 * did not arrive within its timeoutMs (late or never); challenge_timeout: the challenge was
 * not answered within the checkout's limit (closed tab, an issuer page that is down);
 * challenge_cancelled: the payer closed the challenge window on our page before the issuer
 * answered (the attempt ends without paying, whatever the issuer does later).
 */
export type ResumeInput =
  | { kind: "method_completed"; data: Record<string, string> }
  | { kind: "method_timeout" }
  | { kind: "challenge_completed"; data: Record<string, string> }
  | { kind: "challenge_timeout" }
  | { kind: "challenge_cancelled" }
  | { kind: "card_data_sent" }
  | { kind: "card_data_timeout" }
  | { kind: "payer_returned"; query: Record<string, string> };

/** Find the payer at the provider before paying (a wallet by phone number). */
export interface PayerLookupInput {
  type: "wallet";
  phone: string;
}

/** messageKey: the sentence's key among the connector's payerMessages, as `<provider>:<key>`. */
export type PayerLookup = { found: true } | { found: false; message: string; messageKey: string };

/** What the payer will be charged, asked of the provider before paying. */
export interface QuoteInput {
  method: PayerLookupInput;
  /** What the merchant receives: the session's amount. */
  amount: Money;
}

/** The provider's own figures; nothing here is computed by the checkout. */
export interface Quote {
  /** Charged to the payer's card, fee included, in the card's currency. */
  total: Money;
  /** The fee within `total`; null when there is none. */
  fee: Money | null;
  /** 1 `from` = `value` `to`, the provider's rate as it wrote it; null when no conversion happens. */
  rate: { from: string; to: string; value: string } | null;
}

export interface CallbackRequest {
  body: unknown;
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface ConnectorCapabilities {
  methods: ReadonlyArray<PaymentMethodInput["type"]>;
  /** ISO 4217 codes the provider takes, or "any". Sessions in others are refused at creation. */
  currencies: readonly string[] | "any";
  /** Payer details the provider insists on; the page asks for those the session lacks. */
  billingFields: readonly BillingField[];
  cancel: boolean;
  approve: boolean;
  /** Whether the provider's answer to a callback carries our decision (ON/RAMP ack). */
  decidesOnCallback: boolean;
  /**
   * Whether fetchStatus works before we hold the provider's reference, because the
   * provider files the payment under the id we sent (ON/RAMP's op_id). Such operations
   * are reconciled even when start() never got an answer. A connector without it must
   * send nothing the payer can be charged for before it holds (and has checkpointed)
   * the provider's reference: an operation that never got one is then known unpaid.
   */
  lookupByOwnId: boolean;
  /**
   * Card brands the provider takes (card-validator's type names: "visa", "mastercard"),
   * shown to payers before they type; empty when the connector takes no cards.
   */
  cardBrands: readonly string[];
}

/** A connector's sentences for payers: every key in every locale, which the compiler checks. */
export type PayerMessages<K extends string = string> = Readonly<Record<Locale, Readonly<Record<K, string>>>>;

/** The outcome for one of a connector's keys, in English, the key naming its translations. */
export function payerOutcome<K extends string>(messages: PayerMessages<K>, key: K, retry: PayerOutcome["retry"]): PayerOutcome {
  return { key, message: messages.en[key], retry };
}

/** How a payer should read an attempt that ended without success. */
export interface PayerOutcome {
  /** The sentence's key in the connector's payerMessages (each locale has every key). */
  key: string;
  /** The sentence in English: what happened and what they can do. Never the provider's raw text. */
  message: string;
  /**
   * another_card: a different card (or method) may work; try_again: the same details may
   * work later; none: this order cannot be paid again here (the session's retries are over).
   */
  retry: "another_card" | "try_again" | "none";
}

/** Sample payment details for a provider's test environment, shown in test mode only. */
export interface TestHints {
  intro: string;
  rows: ReadonlyArray<{ input: string; outcome: string }>;
}

export interface Connector {
  readonly name: ProviderName;
  readonly capabilities: ConnectorCapabilities;
  /** Create the payment at the provider. Must send our id so a retry never pays twice. */
  start(account: ProviderAccountContext, input: StartInput): Promise<StartResult>;
  /**
   * Carry a browser-side 3DS step (method done or timed out, challenge done, payer back) to
   * the provider. Called once per step: the checkout claims the step before calling.
   */
  resume?(account: ProviderAccountContext, operation: OperationRef, input: ResumeInput, context: ResumeContext): Promise<ProviderUpdate[]>;
  /** Find the payer before paying (wallet providers); a payer it cannot find pays nothing. */
  lookupPayer?(account: ProviderAccountContext, input: PayerLookupInput): Promise<PayerLookup>;
  /** The provider's figures for what the payer will be charged (fee, exchange rate). */
  quote?(account: ProviderAccountContext, input: QuoteInput): Promise<Quote>;
  /**
   * Read a callback. Unsigned callbacks are never trusted as they stand: the connector
   * returns the provider's own read-back of the status (fetchStatus) for what it claims.
   */
  parseCallback(account: ProviderAccountContext, operation: OperationRef, request: CallbackRequest): Promise<ProviderUpdate[]>;
  /** The HTTP answer to a callback, given the operation after the updates were applied. */
  callbackReply(operation: OperationRef & { cancelRequested: boolean; accept: boolean }): { status: number; body?: unknown };
  /** Poll the provider for the operation's status history (reconciliation, refresh). */
  fetchStatus(account: ProviderAccountContext, operation: OperationRef): Promise<ProviderUpdate[]>;
  /**
   * Reconciliation in bulk (optional): the ids among `operations` that the provider shows
   * exactly where we have them, learnt in as few calls as it allows (ON/RAMP's op_status
   * takes a list). Every other operation is read back one by one with fetchStatus, so an
   * answer that cannot tell (an id missing from it, a status that may hide a new step)
   * leaves the operation out of the set. Throws a ProviderError when the bulk call fails.
   */
  unchangedAmong?(account: ProviderAccountContext, operations: readonly OperationRef[]): Promise<Set<string>>;
  cancel?(account: ProviderAccountContext, operation: OperationRef): Promise<void>;
  decide?(account: ProviderAccountContext, operation: OperationRef, accept: boolean): Promise<void>;
  /** The payer's reading of a final non-success, from the decline the connector recorded. */
  describeOutcome(outcome: { status: FinalStatus; declineCode: string | null; declineReason: string | null }): PayerOutcome;
  /** Test data for the provider's test environment (its documented table), or null. */
  readonly testHints: TestHints | null;
  /** Every sentence describeOutcome may give a payer, by key, in every payer locale. */
  readonly payerMessages: PayerMessages;
}

/**
 * Errors connectors throw; the checkout maps them to payer-facing messages.
 * - unavailable: the request never reached the provider (no connection was made). Only this
 *   kind may be told to a payer as "not charged".
 * - rejected: the provider read the request and refused it (4xx); nothing was taken.
 * - outcome_unknown: the request left and no usable answer came back (timeout, reset,
 *   5xx). The provider may have the payment: it stays open until read back.
 * - invalid_response: an answer came that we cannot read; as unknown as a timeout.
 */
export class ProviderError extends Error {
  constructor(
    readonly kind: "unavailable" | "rejected" | "invalid_response" | "outcome_unknown",
    message: string,
    readonly details?: {
      status?: number;
      /** A refusal: the decline code recorded on the operation (the connector's own, when the provider gives none). */
      providerCode?: string;
      /**
       * A refusal: the provider's reason, recorded as the decline reason. The payer never
       * reads it as it stands; describeOutcome turns the decline into the payer's words.
       */
      payerMessage?: string;
      /** A refusal: the provider's answer, redacted by the connector, kept in the operation's history. */
      raw?: unknown;
      /** The provider says it has no payment under this id (a status lookup answered "not found"). */
      unknownOperation?: boolean;
    },
  ) {
    super(message);
    this.name = "ProviderError";
  }

  /** Worth asking again later: the provider was not reached, or its answer was lost. */
  get retryable(): boolean {
    return this.kind === "unavailable" || this.kind === "outcome_unknown";
  }
}
