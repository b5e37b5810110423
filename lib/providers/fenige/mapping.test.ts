import { describe, expect, it } from "vitest";
import { fenigeConnector } from "./connector";
import { authenticationDeclineCode, errorEnd, isAuthenticated, mapSendMoney, readAuthentication, recheckAfter } from "./mapping";
import { ERROR_OUTCOMES, FENIGE_DECLINE_CODES, OWN_OUTCOMES, fenigePayerOutcome } from "./payer-messages";
import { AUTHENTICATION_STATUSES, FENIGE_ERROR_STATUSES } from "./schemas";
import { splitStreet, walletPhone } from "./connector";

// Every errorStatus the document's error tables list, copied from them (all methods together).
const DOCUMENTED_ERRORS = [
  "ERROR_VALIDATION",
  "ERROR_BAD_TOKEN",
  "CRYPTOGRAPHY_ERROR",
  "INVALID_PHONE_NUMBERS",
  "PRODUCT_NOT_FOUND",
  "INTERNAL_SERVER_ERROR",
  "ERROR_SENDER_CARD_NOT_ACTIVE",
  "ERROR_RECEIVER_CARD_NOT_ACTIVE",
  "UNKNOWN_ERROR",
  "CANT_FIND_CARD",
  "FRIEND_NOT_EXISTS",
  "ERROR_ON_GETTING_DEFAULT_CARD",
  "FENIGE_ERROR",
  "ERROR_WHILE_GETTING_COUNTRY_CODE",
  "ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE",
  "ERROR_WHILE_GETTING_RECEIVER_COUNTRY_CODE",
  "ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER",
  "ERROR_SENDER_CARD_IS_BLOCKED",
  "ERROR_RECEIVER_CARD_IS_BLOCKED",
  "TRANSACTION_NOT_FOUND",
  "PROCESS_NOT_ALLOWED",
];

const AUTH = "0190f3a2-b4c5-7d8e-9f00-112233445566";

describe("Fenige errors", () => {
  it("knows every documented errorStatus and gives each a payer message", () => {
    expect(Object.keys(FENIGE_ERROR_STATUSES).sort()).toEqual([...DOCUMENTED_ERRORS].sort());
    for (const code of DOCUMENTED_ERRORS) {
      const outcome = fenigePayerOutcome(code);
      expect(outcome, code).toBe((ERROR_OUTCOMES as Record<string, unknown>)[code]);
      expect(outcome.message).not.toMatch(/[A-Z]{3,}_/);
    }
  });

  it("declines what is about the payer's card; fails what is the service's or the shop's", () => {
    expect(errorEnd("ERROR_SENDER_CARD_IS_BLOCKED", "send-money", {})).toMatchObject({ status: "declined", decline: { code: "ERROR_SENDER_CARD_IS_BLOCKED" } });
    expect(errorEnd("ERROR_SENDER_CARD_NOT_ACTIVE", "init", {})).toMatchObject({ status: "declined" });
    expect(errorEnd("ERROR_RECEIVER_CARD_IS_BLOCKED", "send-money", {})).toMatchObject({ status: "failed" });
    expect(errorEnd("PROCESS_NOT_ALLOWED", "init", {})).toMatchObject({ status: "failed", decline: { code: "PROCESS_NOT_ALLOWED" } });
    expect(errorEnd("FENIGE_ERROR", "calculate-commission", {})).toMatchObject({ status: "failed" });
    expect(fenigeConnector.describeOutcome({ status: "declined", declineCode: "ERROR_SENDER_CARD_IS_BLOCKED", declineReason: null })).toEqual({
      key: "ERROR_SENDER_CARD_IS_BLOCKED",
      message: expect.stringContaining("blocked"),
      retry: "another_card",
    });
    expect(fenigeConnector.describeOutcome({ status: "failed", declineCode: "SOMETHING_NEW", declineReason: null }).retry).toBe("try_again");
  });

  it("gives each of its own codes a message", () => {
    for (const code of FENIGE_DECLINE_CODES) expect(fenigePayerOutcome(code), code).toBe(OWN_OUTCOMES[code]);
  });
});

describe("Fenige authentication answers", () => {
  it("reads the three documented modes, with the fields each must carry", () => {
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "FRICTIONLESS", authenticationStatus: "Y", eci: "02", cavv: "x", transactionXId: "t" }, AUTH)).toEqual({ kind: "done", status: "Y", eci: "02", transactionXId: "t" });
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "THREE_DS_METHOD", threeDsMethodData: "d", threeDsMethodUrl: "https://acs.example/m" }, AUTH)).toEqual({ kind: "method", url: "https://acs.example/m", data: "d" });
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "THREE_DS_METHOD", threeDsMethodData: "d" }, AUTH)).toEqual({ kind: "method", url: null, data: "d" });
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "CHALLENGE", acsUrl: "https://acs.example/c", creq: "c", threeDsSessionData: "s", challengeHtmlFormBase64: "PGh0bWw+" }, AUTH)).toEqual({
      kind: "challenge",
      acsUrl: "https://acs.example/c",
      creq: "c",
      sessionData: "s",
    });
    // finalize answers carry no mode: the end of the authentication.
    expect(readAuthentication({ authenticationId: AUTH, authenticationStatus: "N" }, AUTH)).toMatchObject({ kind: "done", status: "N" });
  });

  it("refuses answers missing what their mode needs, or naming another authentication", () => {
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "CHALLENGE", creq: "c" }, AUTH).kind).toBe("unreadable");
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "CHALLENGE", acsUrl: "javascript:alert(1)", creq: "c" }, AUTH).kind).toBe("unreadable");
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "THREE_DS_METHOD" }, AUTH).kind).toBe("unreadable");
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "FRICTIONLESS" }, AUTH).kind).toBe("unreadable");
    expect(readAuthentication({ authenticationId: AUTH, threeDsMode: "DECOUPLED", authenticationStatus: "D" }, AUTH).kind).toBe("unreadable");
    expect(readAuthentication({ authenticationId: "other", threeDsMode: "FRICTIONLESS", authenticationStatus: "Y" }, AUTH).kind).toBe("unreadable");
  });

  it("maps every documented authenticationStatus: Y and A pass, N R U are their own declines, the rest one more", () => {
    const seen: Record<string, string> = {};
    for (const status of AUTHENTICATION_STATUSES) seen[status] = isAuthenticated(status) ? "pass" : authenticationDeclineCode(status);
    expect(seen).toEqual({ Y: "pass", A: "pass", N: "AUTHENTICATION_N", U: "AUTHENTICATION_U", R: "AUTHENTICATION_R", C: "AUTHENTICATION_OTHER", D: "AUTHENTICATION_OTHER", I: "AUTHENTICATION_OTHER" });
    expect(fenigePayerOutcome("AUTHENTICATION_R").retry).toBe("another_card");
    expect(fenigePayerOutcome("AUTHENTICATION_N").message).toMatch(/did not confirm/);
  });
});

describe("Fenige send-money details", () => {
  const details = (status: string) => ({ orderId: "6c476efe-71d6-4d9d-b14a-0c311743b0d8", createdAt: "2023-06-23T08:08:01.983233981Z", status });
  it("maps PENDING, SUCCESS and FAILURE; an unknown status moves nothing", () => {
    const sentAt = Date.now();
    expect(mapSendMoney(details("PENDING"), "processing", sentAt)).toMatchObject({ status: "processing", recheckAfterMs: 1_000, providerTime: null });
    expect(mapSendMoney(details("SUCCESS"), "processing", sentAt)).toMatchObject({ status: "succeeded", providerReference: details("x").orderId, providerTime: new Date("2023-06-23T08:08:01.983Z") });
    expect(mapSendMoney(details("FAILURE"), "processing", sentAt)).toMatchObject({ status: "declined", decline: { code: "SEND_MONEY_FAILURE" } });
    expect(mapSendMoney(details("REVERSED"), "processing", sentAt)).toMatchObject({ status: "processing", providerStatus: "send_money:unknown:REVERSED" });
    expect(fenigePayerOutcome("SEND_MONEY_FAILURE").retry).toBe("another_card");
  });

  it("reads a pending transfer often at first, then rarely, then leaves it to reconciliation", () => {
    const now = Date.now();
    expect(recheckAfter(now - 1_000, now)).toBe(1_000);
    expect(recheckAfter(now - 60_000, now)).toBe(10_000);
    expect(recheckAfter(now - 10 * 60_000, now)).toBeUndefined();
  });
});

describe("Fenige payer details", () => {
  it("reads wallet phone numbers as active-accounts wants them", () => {
    expect(walletPhone("+48 500 000 001")).toBe("48500000001");
    expect(walletPhone("0048 (500) 000-001")).toBe("48500000001");
    expect(walletPhone("12")).toBeNull();
    expect(walletPhone("48abc")).toBeNull();
  });

  it("splits the street from the house number, in either order", () => {
    expect(splitStreet("Olszewskiego 17A")).toEqual({ street: "Olszewskiego", houseNumber: "17A" });
    expect(splitStreet("ul. Długa 5/12")).toEqual({ street: "ul. Długa", houseNumber: "5/12" });
    expect(splitStreet("1 Main Street")).toEqual({ street: "Main Street", houseNumber: "1" });
    expect(splitStreet("221B, Baker Street")).toEqual({ street: "Baker Street", houseNumber: "221B" });
    expect(splitStreet("Main Street")).toBeNull();
  });
});
