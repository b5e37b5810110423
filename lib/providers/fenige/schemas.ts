import { z } from "zod";

// Fenige / Verestro Money Transfer Hub `mobile-api`, field for field from the document.
// Requests are built by us and checked against these schemas before they leave; answers
// are read with loose objects (extra fields tolerated) and ids read as the examples send
// them (numbers or strings). Where the document is silent or contradicts itself, the
// reading chosen is written next to the field.

/** Ids are "String" in the tables and numbers in several examples: read either, keep text. */
const IdText = z.union([z.string().min(1), z.number().int()]).transform(String);
const Currency = z.string().regex(/^[A-Z]{3}$/);
/**
 * Card data (card numbers, card ids, the CVC) travels as an array of single characters in
 * every example, so the value never sits in one immutable string on the way; we send it so.
 */
export const CharArray = z.array(z.string().length(1)).min(1);
export const toChars = (value: string): string[] => value.split("");

export const RECEIVER_TYPES = ["EMPTY", "WALLET_CARD_ID", "FRIEND_ID", "BARE_CARD_NUMBER"] as const;
export type ReceiverType = (typeof RECEIVER_TYPES)[number];

// ---- JWE envelope -----------------------------------------------------------------------

/** An encrypted request or answer: `{ "value": "<compact JWE>" }`. */
export const JweEnvelope = z.object({ value: z.string().min(1) });

/** GET /public-key: "Public key encoded with Base64" (of the PEM). */
export const PublicKeyResponse = z.looseObject({ value: z.string().min(1) });

// ---- Errors -------------------------------------------------------------------------------

/** Every error answer: `{ traceId, errorStatus, message?, data? }`; never encrypted. */
export const FenigeErrorBody = z.looseObject({
  traceId: z.string().nullish(),
  errorStatus: z.string().min(1),
  message: z.string().nullish(),
  data: z.unknown().optional(),
});
export type FenigeErrorBody = z.infer<typeof FenigeErrorBody>;

/**
 * Every errorStatus the document lists, with the HTTP status it comes with. The
 * CRYPTOGRAPHY_ERROR family is told apart by its message (see CRYPTOGRAPHY_MESSAGES).
 */
export const FENIGE_ERROR_STATUSES = {
  ERROR_VALIDATION: 400,
  ERROR_BAD_TOKEN: 400,
  CRYPTOGRAPHY_ERROR: 400,
  INVALID_PHONE_NUMBERS: 400,
  ERROR_SENDER_CARD_NOT_ACTIVE: 400,
  ERROR_RECEIVER_CARD_NOT_ACTIVE: 400,
  ERROR_SENDER_CARD_IS_BLOCKED: 400,
  ERROR_RECEIVER_CARD_IS_BLOCKED: 400,
  ERROR_WHILE_GETTING_COUNTRY_CODE: 400,
  ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: 400,
  ERROR_WHILE_GETTING_RECEIVER_COUNTRY_CODE: 400,
  ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: 400,
  UNKNOWN_ERROR: 400,
  PROCESS_NOT_ALLOWED: 400,
  PRODUCT_NOT_FOUND: 404,
  CANT_FIND_CARD: 404,
  FRIEND_NOT_EXISTS: 404,
  TRANSACTION_NOT_FOUND: 404,
  INTERNAL_SERVER_ERROR: 500,
  ERROR_ON_GETTING_DEFAULT_CARD: 500,
  FENIGE_ERROR: 500,
} as const;
export type FenigeErrorStatus = keyof typeof FENIGE_ERROR_STATUSES;

/** The CRYPTOGRAPHY_ERROR descriptions, word for word. */
export const CRYPTOGRAPHY_MESSAGES = {
  decodeKey: "Error decoding public key has sent in header: X-Encryption-Public-Key",
  decrypt: "Error on decrypting request",
  encrypt: "Error on encrypting response",
  keyInvalid: "JWE encryption Key is invalid",
  expired: "JWE payload is expired",
} as const;

// ---- POST /active-accounts ---------------------------------------------------------------

export const ActiveAccountsRequest = z.object({
  // "Size must be between 1 and 100 inclusive". Digits with the country code, no "+", as in
  // the examples (INVALID_PHONE_NUMBERS otherwise).
  phoneNumbers: z.array(z.string().regex(/^\d{6,15}$/)).min(1).max(100),
});
export type ActiveAccountsRequest = z.infer<typeof ActiveAccountsRequest>;

export const ActiveAccount = z.looseObject({ phoneNumber: z.string(), userId: IdText, cardId: IdText });
export type ActiveAccount = z.infer<typeof ActiveAccount>;
export const ActiveAccountsResponse = z.array(ActiveAccount);

// ---- Receivers (determine-currency, calculate-commission, send-money) ----------------------

/**
 * The merchant's receiving card, from its provider account (never from the browser):
 * a wallet card (card id + user id) or a bare card number.
 */
export const ReceiverConfig = z.discriminatedUnion("receiverType", [
  z.object({ receiverType: z.literal("WALLET_CARD_ID"), card: z.string().regex(/^\d+$/), userId: z.string().regex(/^\d+$/) }),
  // calculate-commission's table marks receiver.userId Required for every receiver type;
  // with a bare card it is the merchant's own wallet user, when it has one.
  z.object({ receiverType: z.literal("BARE_CARD_NUMBER"), card: z.string().regex(/^\d{12,19}$/), userId: z.string().regex(/^\d+$/).optional() }),
]);
export type ReceiverConfig = z.infer<typeof ReceiverConfig>;

// ---- POST /determine-currency ---------------------------------------------------------

export const DetermineCurrencyRequest = z.object({
  sender: z.object({ cardId: z.string().min(1), userId: z.string().min(1) }),
  receiver: z.object({
    // "Required if receiverType = WALLET_CARD_ID".
    userId: z.string().min(1).optional(),
    receiverType: z.enum(RECEIVER_TYPES),
    card: CharArray,
  }),
});
export type DetermineCurrencyRequest = z.infer<typeof DetermineCurrencyRequest>;

export const DetermineCurrencyResponse = z.looseObject({
  // Named in the plural, typed as a single code in the example ("PLN").
  senderDefaultCurrencies: Currency,
  receiverDefaultCurrencies: Currency,
  senderCurrencies: z.array(Currency),
  receiverCurrencies: z.array(Currency),
});
export type DetermineCurrencyResponse = z.infer<typeof DetermineCurrencyResponse>;

// ---- GET /currency-rate/{from}/{to} ------------------------------------------------------

/** Decimal strings ("0.2342887"); kept as written, never parsed into a float for display. */
const DecimalText = z.union([z.string().regex(/^\d+(\.\d+)?$/), z.number().nonnegative()]).transform(String);

export const CurrencyRateResponse = z.looseObject({
  // funding -> payment; used when the payer fixes what is taken from the card (type SENDER).
  lowerRate: DecimalText,
  // payment -> funding; used when the receiver's amount is fixed (type RECEIVER, ours).
  higherRate: DecimalText,
});
export type CurrencyRateResponse = z.infer<typeof CurrencyRateResponse>;

// ---- POST /calculate-commission --------------------------------------------------------

export const CalculateCommissionRequest = z.object({
  // "The total transfer amount (in pennies)".
  amount: z.number().int().positive(),
  // RECEIVER: the merchant receives exactly `amount` in receiver.currency.
  type: z.enum(["SENDER", "RECEIVER"]),
  sender: z.object({ cardId: z.string().min(1), userId: z.string().min(1), currency: Currency }),
  receiver: z.object({
    // "Number, Required": sent as a number when it is one, as the example does.
    userId: z.union([z.number().int(), z.string().min(1)]).optional(),
    card: CharArray,
    receiverType: z.enum(RECEIVER_TYPES),
    currency: Currency,
  }),
});
export type CalculateCommissionRequest = z.infer<typeof CalculateCommissionRequest>;

const CommissionConfiguration = z.looseObject({
  currency: z.string().nullish(),
  commissionType: z.string().nullish(),
  // PLUS: added to what the sender pays; MINUS: taken from what the receiver gets; DEPOSITED: neither.
  reconciliationType: z.string().nullish(),
  geographicScope: z.string().nullish(),
});

export const CalculateCommissionResponse = z.looseObject({
  // Minor units of the funding currency. The document's example contradicts itself (5 here,
  // 50 in transactionCommissions); we take this field, the sum the transfer is built on,
  // which is also the difference between the funding total and the funding amount there.
  commission: z.number().int().nonnegative(),
  transactionCommissions: z
    .array(
      z.looseObject({
        value: z.number().nullish(),
        currencyExponent: z.number().int().nullish(),
        currency: z.string().nullish(),
        commissionConfiguration: CommissionConfiguration.nullish(),
      }),
    )
    .nullish(),
  revaluationResult: z.looseObject({
    revaluationFundingAmount: z.number().int().nonnegative(),
    revaluationFundingTotalAmount: z.number().int().nonnegative(),
    fundingCurrency: Currency,
    revaluationPaymentAmount: z.number().int().nonnegative(),
    revaluationPaymentTotalAmount: z.number().int().nonnegative(),
    paymentCurrency: Currency,
    determineCurrencyRate: z.looseObject({ from: Currency, to: Currency, currencyRate: DecimalText }).nullish(),
  }),
});
export type CalculateCommissionResponse = z.infer<typeof CalculateCommissionResponse>;

// ---- POST /send-money, GET /send-money/{orderId} ---------------------------------------

const NamePart = z.string().min(2).max(35).regex(/^[^0-9]+$/);

export const SendMoneyRequest = z.object({
  amount: z.number().int().positive(),
  // "String, Required"; sent as characters like the examples (CharArray).
  cvc2: CharArray.refine((c) => c.length >= 3 && c.length <= 4 && c.every((d) => /\d/.test(d))),
  type: z.enum(["SENDER", "RECEIVER"]),
  addressIp: z.string().min(1),
  sender: z.object({
    street: z.string().min(1).max(55).regex(/^[^\s]+(\s+[^\s]+)*$/).optional(),
    houseNumber: z.string().min(1).max(10).regex(/^[0-9]{1,5}[A-z]?(?:\/[0-9]{1,5}[A-z]?)?$/).optional(),
    city: z.string().min(1).max(55).optional(),
    postalCode: z.string().min(1).max(10).regex(/^(?=.*\d)(?=.*[1-9,a-zA-Z]).{1,10}$/).optional(),
    flatNumber: z.string().min(1).max(5).regex(/^[a-zA-Z0-9 ]*$/).optional(),
    email: z.email().max(128).optional(),
    currency: Currency,
    // "Card expiration date": "03/20" in the examples, MM/YY.
    expirationDate: z.string().regex(/^(0[1-9]|1[0-2])\/\d{2}$/),
    personalId: z.string().optional(),
    cardId: z.string().min(1),
    userId: z.string().min(1),
    // "Required when one of field: sender.street, … is null". We always send the address.
    addressId: z.string().optional(),
  }),
  receiver: z
    .object({
      firstName: NamePart,
      lastName: NamePart,
      phoneNumber: z.string().optional(),
      displayName: z.string().min(1),
      currency: Currency,
      userId: z.string().min(1).optional(),
      receiverType: z.enum(["WALLET_CARD_ID", "FRIEND_ID", "BARE_CARD_NUMBER"]),
      card: CharArray,
    })
    .refine((r) => r.firstName !== r.lastName, { path: ["firstName"], message: "FirstName cannot be the same as lastName" }),
  externalAuthentication: z.object({ authenticationId: z.string().min(1) }),
});
export type SendMoneyRequest = z.infer<typeof SendMoneyRequest>;

export const SendMoneyResponse = z.looseObject({ orderId: z.string().min(1) });

export const SEND_MONEY_STATUSES = ["PENDING", "FAILURE", "SUCCESS"] as const;

export const SendMoneyDetails = z.looseObject({
  orderId: z.string().min(1),
  // ISO 8601 with nanoseconds in the example ("2023-06-23T08:08:01.983233981Z").
  createdAt: z.string().nullish(),
  // One of PENDING, FAILURE, SUCCESS; another value is kept and moves nothing.
  status: z.string().min(1),
});
export type SendMoneyDetails = z.infer<typeof SendMoneyDetails>;

// ---- Authentication: POST /authentication/v2/init | continue | finalize -----------------

/** browserDetails: every value a String, as the table types them. */
export const BrowserDetails = z.object({
  browserIp: z.string().min(1).optional(),
  language: z.string().min(1),
  javaEnabled: z.enum(["true", "false"]),
  jsEnabled: z.enum(["true", "false"]),
  screenColorDepth: z.enum(["1", "4", "8", "15", "16", "24", "32", "48"]),
  screenHeight: z.string().regex(/^[0-9]{1,6}$/),
  screenWidth: z.string().regex(/^[0-9]{1,6}$/),
  timezoneOffset: z.string().regex(/^[+-]?[0-9]{1,4}$/),
  userAgent: z.string().min(1),
  acceptHeader: z.string().min(1),
});
export type BrowserDetails = z.infer<typeof BrowserDetails>;

export const InitAuthenticationRequest = z.object({
  // "Unique authentication identifier per Product": our operation id as a UUID.
  authenticationId: z.string().min(1),
  amount: z.number().int().positive(),
  currency: Currency,
  // "Wallet cardId belongs to sender account".
  cardId: z.string().min(1),
  browserDetails: BrowserDetails,
  requestChallengeIndicator: z.enum(["NO_PREFERENCE", "CHALLENGE_NOT_REQUESTED", "CHALLENGE_REQUESTED_MANDATE", "CHALLENGE_PREFER_BY_REQUESTOR_3DS"]),
  threeDsMethodNotificationUrl: z.url(),
  challengeNotificationUrl: z.url(),
  authenticationType: z.enum(["ADD_CARD", "VERIFY_CARDHOLDER", "QUASI_CASH", "PAYMENT", "COF_INITIAL", "INSTALLMENT_PAYMENT", "RECURRING_INITIAL", "MOTO", "RECURRING_SUBSEQUENT"]),
});
export type InitAuthenticationRequest = z.infer<typeof InitAuthenticationRequest>;

export const ContinueAuthenticationRequest = z.object({
  authenticationId: z.string().min(1),
  // Y: the method notified within 10 s; N: later or never; U: there was no threeDsMethodUrl.
  methodCompletionIndicator: z.enum(["Y", "N", "U"]),
});
export type ContinueAuthenticationRequest = z.infer<typeof ContinueAuthenticationRequest>;

export const FinalizeAuthenticationRequest = z.object({ authenticationId: z.string().min(1) });

/** Y N U A C R D I, as listed; an undocumented value is kept and treated as not authenticated. */
export const AUTHENTICATION_STATUSES = ["Y", "N", "U", "A", "C", "R", "D", "I"] as const;
export type AuthenticationStatus = (typeof AUTHENTICATION_STATUSES)[number];

/**
 * An init / continue / finalize answer. finalize has no threeDsMode: it is the end of the
 * authentication, read like a FRICTIONLESS answer. Which fields each mode carries is
 * checked by readAuthentication (mapping.ts), so a mode missing its fields is unreadable.
 */
export const AuthenticationResponse = z.looseObject({
  authenticationId: z.string().min(1),
  threeDsMode: z.string().nullish(),
  authenticationStatus: z.string().nullish(),
  transactionXId: z.string().nullish(),
  cavv: z.string().nullish(),
  eci: z.string().nullish(),
  threeDsMethodData: z.string().nullish(),
  // "If endpoint is not present then request is not required": continue with U.
  threeDsMethodUrl: z.string().nullish(),
  acsUrl: z.string().nullish(),
  creq: z.string().nullish(),
  // The provider's ready-made form, with an inline script our CSP rightly refuses; we build
  // our own form from acsUrl + creq + threeDsSessionData instead and never use this.
  challengeHtmlFormBase64: z.string().nullish(),
  threeDsSessionData: z.string().nullish(),
});
export type AuthenticationResponse = z.infer<typeof AuthenticationResponse>;
