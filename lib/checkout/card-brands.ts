import cardValidator from "card-validator";

// Brand names as printed on cards, from the same table card-form.ts detects brands with
// (card-validator's credit-card-type), so the receipt and the accepted-cards list agree
// with the brand the form shows while typing.

/** "Visa" for "visa"; an unknown type is shown as recorded, null stays null. */
export function cardBrandName(type: string | null | undefined): string | null {
  if (!type || type === "unknown") return null;
  try {
    return cardValidator.creditCardType.getTypeInfo(type)?.niceType ?? type;
  } catch {
    return type;
  }
}
