import { describe, expect, it } from "vitest";
import { detectBrand, formatCardNumber, formatCvc, formatExpiry, parseExpiry, validateCardForm, validateCvc, validateExpiry, validateNumber } from "./card-form";

const nextYear = String((new Date().getFullYear() + 1) % 100).padStart(2, "0");

describe("card form formatting", () => {
  it("groups Visa and Mastercard 4-4-4-4 and caps at the brand's longest length", () => {
    expect(formatCardNumber("4111111111111111")).toBe("4111 1111 1111 1111");
    expect(formatCardNumber("5555-5555-5555-4444")).toBe("5555 5555 5555 4444");
    expect(formatCardNumber("55555555555544449999")).toBe("5555 5555 5555 4444");
    expect(formatCardNumber("4111 11")).toBe("4111 11");
  });

  it("groups American Express 4-6-5", () => {
    expect(formatCardNumber("378282246310005")).toBe("3782 822463 10005");
    expect(detectBrand("3782")?.codeSize).toBe(4);
  });

  it("detects brands from the first digits", () => {
    expect(detectBrand("41")?.type).toBe("visa");
    expect(detectBrand("51")?.type).toBe("mastercard");
    expect(detectBrand("")).toBeNull();
  });

  it("formats expiry as MM / YY, padding a lone month digit above 1", () => {
    expect(formatExpiry("1")).toBe("1");
    expect(formatExpiry("4")).toBe("04 / ");
    expect(formatExpiry("12")).toBe("12 / ");
    expect(formatExpiry("1229")).toBe("12 / 29");
    expect(formatExpiry("12 / 2", "12 / 29")).toBe("12 / 2");
    expect(formatExpiry("12 /", "12 / ")).toBe("12");
  });

  it("limits the CVC to the brand's size", () => {
    expect(formatCvc("12345", detectBrand("4111"))).toBe("123");
    expect(formatCvc("12345", detectBrand("3782"))).toBe("1234");
  });
});

describe("card form validation", () => {
  it("checks Luhn and completeness", () => {
    expect(validateNumber("4111 1111 1111 1111")).toBeNull();
    expect(validateNumber("4111 1111 1111 1112")).toBe("numberInvalid");
    expect(validateNumber("4111 1111")).toBe("numberIncomplete");
    expect(validateNumber("")).toBe("numberRequired");
  });

  it("refuses an expiry in the past and accepts this year's future months", () => {
    expect(validateExpiry(`12 / ${nextYear}`)).toBeNull();
    expect(validateExpiry("01 / 20")).toBe("expiryPast");
    expect(validateExpiry("13 / 30")).toBe("expiryMonth");
    expect(validateExpiry("1")).toBe("expiryFormat");
    expect(parseExpiry(`07 / ${nextYear}`)).toEqual({ month: "07", year: `20${nextYear}` });
  });

  it("wants a CVC of the brand's length", () => {
    expect(validateCvc("001", detectBrand("4111"))).toBeNull();
    expect(validateCvc("12", detectBrand("4111"))).toBe("cvcLength3");
    expect(validateCvc("123", detectBrand("3782"))).toBe("cvcLength4");
    expect(validateCvc("1234", detectBrand("3782"))).toBeNull();
  });

  it("reports every bad field at once", () => {
    expect(Object.keys(validateCardForm({ number: "4111", expiry: "", cvc: "", holderName: " " })).sort()).toEqual(["cvc", "expiry", "holderName", "number"]);
    expect(validateCardForm({ number: "4111111111111111", expiry: `12/${nextYear}`, cvc: "001", holderName: "Ada Lovelace" })).toEqual({});
  });
});
