"use client";

import { detectBrand, formatCardNumber, formatCvc, formatExpiry, type CardErrors, type CardField, type CardFormValues } from "@/lib/checkout/card-form";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
import { Field } from "./Field";

export const CARD_FIELD_IDS: Record<CardField, string> = {
  number: "card-number",
  expiry: "card-expiry",
  cvc: "card-cvc",
  holderName: "card-name",
};

export function CardFields(props: {
  values: CardFormValues;
  errors: CardErrors;
  onChange: (field: CardField, value: string) => void;
  onBlur: (field: CardField) => void;
  disabled: boolean;
  texts: CheckoutTexts["card"];
  /** The brands the provider takes, by name, shown before the payer types. */
  acceptedBrands: readonly string[];
}) {
  const { values, errors, onChange, onBlur, disabled, texts, acceptedBrands } = props;
  const brand = detectBrand(values.number);
  const cvcHint = brand?.codeSize === 4 ? texts.cvcHint4 : texts.cvcHint3;
  return (
    <fieldset className="space-y-4" disabled={disabled}>
      <legend className="sr-only">{texts.legend}</legend>
      <Field
        id={CARD_FIELD_IDS.number}
        label={texts.number}
        error={errors.number}
        adornment={
          brand ? (
            <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{brand.niceType}</span>
          ) : acceptedBrands.length > 0 ? (
            // Before the payer types: which cards the shop takes. Once a brand is recognised it takes their place.
            <div className="flex items-center" data-testid="accepted-brands">
              <span id="accepted-brands-label" className="sr-only">
                {texts.accepted}
              </span>
              <ul aria-labelledby="accepted-brands-label" className="flex flex-wrap justify-end gap-1">
                {acceptedBrands.map((b) => (
                  <li key={b} className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs font-semibold text-slate-700">
                    {b}
                  </li>
                ))}
              </ul>
            </div>
          ) : null
        }
        input={{
          name: "cardnumber",
          autoComplete: "cc-number",
          inputMode: "numeric",
          placeholder: "1234 1234 1234 1234",
          value: values.number,
          maxLength: 23,
          onChange: (e) => onChange("number", formatCardNumber(e.target.value)),
          onBlur: () => onBlur("number"),
        }}
      />
      <div className="grid grid-cols-2 gap-3">
        <Field
          id={CARD_FIELD_IDS.expiry}
          label={texts.expiry}
          error={errors.expiry}
          input={{
            name: "cc-exp",
            autoComplete: "cc-exp",
            inputMode: "numeric",
            placeholder: texts.expiryPlaceholder,
            value: values.expiry,
            maxLength: 7,
            onChange: (e) => onChange("expiry", formatExpiry(e.target.value, values.expiry)),
            onBlur: () => onBlur("expiry"),
          }}
        />
        <Field
          id={CARD_FIELD_IDS.cvc}
          label={texts.cvc}
          hint={cvcHint}
          error={errors.cvc}
          input={{
            name: "cvc",
            autoComplete: "cc-csc",
            inputMode: "numeric",
            placeholder: brand?.codeSize === 4 ? "1234" : "123",
            value: values.cvc,
            maxLength: 4,
            onChange: (e) => onChange("cvc", formatCvc(e.target.value, brand)),
            onBlur: () => onBlur("cvc"),
          }}
        />
      </div>
      <Field
        id={CARD_FIELD_IDS.holderName}
        label={texts.name}
        error={errors.holderName}
        input={{
          name: "ccname",
          autoComplete: "cc-name",
          autoCapitalize: "words",
          spellCheck: false,
          value: values.holderName,
          maxLength: 100,
          onChange: (e) => onChange("holderName", e.target.value),
          onBlur: () => onBlur("holderName"),
        }}
      />
    </fieldset>
  );
}
