"use client";

import type { BillingField } from "@/lib/checkout/billing-field-names";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
import { Field } from "./Field";

export type BillingValues = Partial<Record<BillingField, string>>;

const SPEC: Record<BillingField, { autoComplete: string; type?: string; inputMode?: "email" | "text" }> = {
  first_name: { autoComplete: "given-name" },
  last_name: { autoComplete: "family-name" },
  email: { autoComplete: "email", type: "email", inputMode: "email" },
  "address.line1": { autoComplete: "address-line1" },
  "address.city": { autoComplete: "address-level2" },
  "address.state": { autoComplete: "address-level1" },
  "address.postal_code": { autoComplete: "postal-code" },
  "address.country": { autoComplete: "country" },
};

export const billingFieldId = (f: BillingField) => `billing-${f.replace(".", "-")}`;

/** The field's key in the Billing (label) and Validation (missing) messages. */
const keyOf = (f: BillingField) => f.replace(".", "_") as keyof CheckoutTexts["billing"] & keyof CheckoutTexts["validation"];

export const billingLabel = (texts: CheckoutTexts, f: BillingField) => texts.billing[keyOf(f)];

/** What is wrong with a billing value, in the page's language, or null. */
export function billingErrorFor(texts: CheckoutTexts, field: BillingField, value: string | undefined): string | null {
  const v = value?.trim() ?? "";
  if (v === "") return texts.validation[keyOf(field)];
  if (field === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return texts.validation.emailInvalid;
  return null;
}

export function BillingFields(props: {
  fields: BillingField[];
  values: BillingValues;
  errors: Partial<Record<BillingField, string>>;
  countries: Array<{ code: string; name: string }>;
  onChange: (field: BillingField, value: string) => void;
  onBlur: (field: BillingField) => void;
  disabled: boolean;
  texts: CheckoutTexts;
}) {
  const { fields, values, errors, onChange, onBlur, countries, disabled, texts } = props;
  if (fields.length === 0) return null;
  return (
    <fieldset className="space-y-4" disabled={disabled}>
      <legend className="text-sm font-semibold text-slate-900">{texts.billing.legend}</legend>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        {fields.map((f) => {
          const spec = SPEC[f];
          const wide = f === "email" || f === "address.line1";
          if (f === "address.country") {
            const id = billingFieldId(f);
            const error = errors[f];
            return (
              <div key={f} className="min-w-0">
                <label htmlFor={id} className="block text-sm font-medium text-slate-800">
                  {billingLabel(texts, f)}
                </label>
                <select
                  id={id}
                  name="country"
                  autoComplete="country"
                  value={values[f] ?? ""}
                  onChange={(e) => onChange(f, e.target.value)}
                  onBlur={() => onBlur(f)}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                  className={`mt-1 block w-full min-w-0 rounded-lg border bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand focus:ring-2 focus:ring-brand/30 ${error ? "border-red-600" : "border-slate-300"}`}
                >
                  <option value="">{texts.billing.choose}</option>
                  {countries.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
                <p id={`${id}-error`} aria-live="polite" className={error ? "mt-1 text-sm text-red-700" : "sr-only"}>
                  {error}
                </p>
              </div>
            );
          }
          return (
            <div key={f} className={wide ? "sm:col-span-2" : undefined}>
              <Field
                id={billingFieldId(f)}
                label={billingLabel(texts, f)}
                error={errors[f]}
                input={{
                  name: f,
                  type: spec.type ?? "text",
                  autoComplete: spec.autoComplete,
                  inputMode: spec.inputMode,
                  value: values[f] ?? "",
                  maxLength: f === "email" ? 254 : 200,
                  onChange: (e) => onChange(f, e.target.value),
                  onBlur: () => onBlur(f),
                }}
              />
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
