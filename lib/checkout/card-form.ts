import cardValidator from "card-validator";

// Card form rules for the payer's page and for the server's second look at the decrypted
// card. Brands, Luhn, expiry and CVC sizes come from Braintree's card-validator; this
// file only turns its verdicts into formatting and problems (message keys) people can act on.

export interface CardBrand {
  type: string;
  niceType: string;
  gaps: number[];
  lengths: number[];
  codeName: string;
  codeSize: number;
}

export type CardField = "number" | "expiry" | "cvc" | "holderName";
/** Why a card field is wrong: a key of the Validation messages, so each page says it in its language. */
export type CardProblem =
  | "numberRequired"
  | "numberUnknown"
  | "numberIncomplete"
  | "numberInvalid"
  | "expiryRequired"
  | "expiryFormat"
  | "expiryMonth"
  | "expiryPast"
  | "expiryFar"
  | "cvcRequired"
  | "cvcLength3"
  | "cvcLength4"
  | "nameRequired"
  | "nameInvalid";
export type CardProblems = Partial<Record<CardField, CardProblem>>;
/** The sentences shown under the fields (a problem as translated, or the server's words). */
export type CardErrors = Partial<Record<CardField, string>>;

export interface CardFormValues {
  number: string;
  expiry: string;
  cvc: string;
  holderName: string;
}

const MAX_PAN_DIGITS = 19;

export function digitsOnly(value: string): string {
  return value.replace(/\D/g, "");
}

export function detectBrand(number: string): CardBrand | null {
  const { card } = cardValidator.number(digitsOnly(number));
  if (!card) return null;
  return { type: card.type, niceType: card.niceType, gaps: card.gaps, lengths: card.lengths, codeName: card.code.name, codeSize: card.code.size };
}

/** Group digits the way the brand prints them (4-4-4-4, Amex 4-6-5), capped at its longest length. */
export function formatCardNumber(value: string): string {
  const brand = detectBrand(value);
  const max = brand ? Math.max(...brand.lengths) : MAX_PAN_DIGITS;
  const digits = digitsOnly(value).slice(0, max);
  const gaps = brand?.gaps ?? [4, 8, 12, 16];
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (gaps.includes(i)) out += " ";
    out += digits[i];
  }
  return out;
}

/** "MM / YY" as the payer types; a leading 2-9 is a month on its own ("4" -> "04 / "). */
export function formatExpiry(value: string, previous = ""): string {
  let digits = digitsOnly(value).slice(0, 4);
  if (digits.length === 1 && digits > "1") digits = `0${digits}`;
  // Deleting the separator should delete the month's last digit, not stick at "MM / ".
  const deleting = value.length < previous.length;
  if (digits.length < 2) return digits;
  if (digits.length === 2) return deleting ? digits : `${digits} / `;
  return `${digits.slice(0, 2)} / ${digits.slice(2)}`;
}

export function formatCvc(value: string, brand: CardBrand | null): string {
  return digitsOnly(value).slice(0, brand?.codeSize ?? 4);
}

export function validateNumber(value: string): CardProblem | null {
  const digits = digitsOnly(value);
  if (digits === "") return "numberRequired";
  const v = cardValidator.number(digits);
  if (!v.card) return "numberUnknown";
  // A full-length number that fails Luhn is a typo, even if a longer one could still pass.
  if (!v.isValid) return v.isPotentiallyValid && !v.card.lengths.includes(digits.length) ? "numberIncomplete" : "numberInvalid";
  return null;
}

/** Month "01".."12" and four-digit year from "MM / YY" (or MM/YYYY), or null. */
export function parseExpiry(value: string): { month: string; year: string } | null {
  const v = cardValidator.expirationDate(value.replace(/\s/g, ""));
  if (!v.isValid || !v.month || !v.year) return null;
  const year = v.year.length === 2 ? `20${v.year}` : v.year;
  return { month: v.month.padStart(2, "0"), year };
}

export function validateExpiry(value: string, now = new Date()): CardProblem | null {
  const compact = value.replace(/\s/g, "");
  if (compact === "") return "expiryRequired";
  if (parseExpiry(compact)) return null;
  const m = /^(\d{2})\/(\d{2}|\d{4})$/.exec(compact);
  if (!m?.[1] || !m[2]) return "expiryFormat";
  const month = Number(m[1]);
  if (month < 1 || month > 12) return "expiryMonth";
  const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  const endOfMonth = new Date(year, month, 1).getTime();
  if (endOfMonth <= now.getTime()) return "expiryPast";
  return "expiryFar";
}

// Named "security code" whatever the brand calls it (CVV, CVC, CID): the field's label says so.
export function validateCvc(value: string, brand: CardBrand | null): CardProblem | null {
  if (value === "") return "cvcRequired";
  const size = brand?.codeSize ?? 3;
  if (!cardValidator.cvv(value, size).isValid) return size === 4 ? "cvcLength4" : "cvcLength3";
  return null;
}

export function validateHolderName(value: string): CardProblem | null {
  if (value.trim() === "") return "nameRequired";
  if (!cardValidator.cardholderName(value.trim()).isValid) return "nameInvalid";
  return null;
}

export function validateCardForm(values: CardFormValues, now = new Date()): CardProblems {
  const brand = detectBrand(values.number);
  const errors: CardProblems = {};
  const number = validateNumber(values.number);
  if (number) errors.number = number;
  const expiry = validateExpiry(values.expiry, now);
  if (expiry) errors.expiry = expiry;
  const cvc = validateCvc(values.cvc, brand);
  if (cvc) errors.cvc = cvc;
  const holderName = validateHolderName(values.holderName);
  if (holderName) errors.holderName = holderName;
  return errors;
}
