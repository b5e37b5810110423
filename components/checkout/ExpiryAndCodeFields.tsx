"use client";

import { digitsOnly, formatExpiry, validateExpiry } from "@/lib/checkout/card-form";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
import { Field } from "./Field";

// A wallet card's expiry and security code: asked before the transfer and, after 3-D
// Secure, once more from a tab that no longer holds them. One pair of fields and one set of
// rules for both places.

export interface ExpiryAndCodeErrors {
  expiry?: string;
  cvc?: string;
}

/** The problems with what the payer typed, in the page's language (none: both undefined). */
export function expiryAndCodeErrors(texts: CheckoutTexts, expiry: string, cvc: string): ExpiryAndCodeErrors {
  const expiryProblem = validateExpiry(expiry);
  return {
    expiry: expiryProblem ? texts.validation[expiryProblem] : undefined,
    cvc: /^\d{3,4}$/.test(cvc) ? undefined : cvc === "" ? texts.validation.cvcRequired : texts.validation.cvcLength3,
  };
}

export function ExpiryAndCodeFields(props: {
  ids: { expiry: string; cvc: string };
  expiry: string;
  cvc: string;
  onExpiry: (value: string) => void;
  onCvc: (value: string) => void;
  errors: ExpiryAndCodeErrors;
  texts: CheckoutTexts;
  cvcHint?: string;
}) {
  const { ids, expiry, cvc, errors, texts } = props;
  return (
    <>
      <Field
        id={ids.expiry}
        label={texts.card.expiry}
        error={errors.expiry}
        input={{ name: "cc-exp", autoComplete: "cc-exp", inputMode: "numeric", placeholder: texts.card.expiryPlaceholder, value: expiry, maxLength: 7, onChange: (e) => props.onExpiry(formatExpiry(e.target.value, expiry)) }}
      />
      <Field
        id={ids.cvc}
        label={texts.card.cvc}
        hint={props.cvcHint}
        error={errors.cvc}
        input={{ name: "cvc", autoComplete: "cc-csc", inputMode: "numeric", placeholder: "123", value: cvc, maxLength: 4, onChange: (e) => props.onCvc(digitsOnly(e.target.value).slice(0, 4)) }}
      />
    </>
  );
}
