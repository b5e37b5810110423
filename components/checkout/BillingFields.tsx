"use client";

import type { BillingField } from "@/lib/checkout/billing-field-names";
import { Field } from "./Field";

export type BillingValues = Partial<Record<BillingField, string>>;

const SPEC: Record<BillingField, { label: string; autoComplete: string; type?: string; inputMode?: "email" | "text" }> = {
  first_name: { label: "First name", autoComplete: "given-name" },
  last_name: { label: "Last name", autoComplete: "family-name" },
  email: { label: "Email", autoComplete: "email", type: "email", inputMode: "email" },
  "address.line1": { label: "Street address", autoComplete: "address-line1" },
  "address.city": { label: "City", autoComplete: "address-level2" },
  "address.state": { label: "State, province or region", autoComplete: "address-level1" },
  "address.postal_code": { label: "Postal code", autoComplete: "postal-code" },
  "address.country": { label: "Country", autoComplete: "country" },
};

export const billingFieldId = (f: BillingField) => `billing-${f.replace(".", "-")}`;

export function billingErrorFor(field: BillingField, value: string | undefined): string | null {
  const v = value?.trim() ?? "";
  if (v === "") return `Enter your ${SPEC[field].label.toLowerCase()}.`;
  if (field === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return "Enter an email address like name@example.com.";
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
}) {
  const { fields, values, errors, onChange, onBlur, countries, disabled } = props;
  if (fields.length === 0) return null;
  return (
    <fieldset className="space-y-4" disabled={disabled}>
      <legend className="text-sm font-semibold text-slate-900">Billing details</legend>
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
                  {spec.label}
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
                  <option value="">Choose…</option>
                  {countries.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
                {error ? (
                  <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
                    {error}
                  </p>
                ) : null}
              </div>
            );
          }
          return (
            <div key={f} className={wide ? "sm:col-span-2" : undefined}>
              <Field
                id={billingFieldId(f)}
                label={spec.label}
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
