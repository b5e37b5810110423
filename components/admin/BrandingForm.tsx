"use client";

import { useActionState, useEffect, useRef, useState, type CSSProperties } from "react";
import type { ActionState } from "@/lib/admin/action-state";
import { HEX_COLOR, brandPalette } from "@/lib/merchants/brand-color";
import type { MerchantBranding } from "@/lib/merchants/branding";

type Field = keyof MerchantBranding;

const FIELDS: Array<{ name: Exclude<Field, "brandColor">; label: string; hint: string; type: "text" | "url"; placeholder?: string }> = [
  { name: "displayName", label: "Display name", hint: "What payers see instead of the account name. Leave empty to use the account name.", type: "text" },
  { name: "logoUrl", label: "Logo URL", hint: "https:// address of a square image, shown at 48 px.", type: "url", placeholder: "https://cdn.example.com/logo.svg" },
  { name: "termsUrl", label: "Terms URL", hint: "Your terms of sale, linked at the foot of the payment page.", type: "url", placeholder: "https://example.com/terms" },
  { name: "privacyUrl", label: "Privacy policy URL", hint: "Linked at the foot of the payment page.", type: "url", placeholder: "https://example.com/privacy" },
];

const input = "mt-1 block w-full rounded border px-3 py-2 text-sm";

/** The owner's branding form, with a live preview of what payers will see. */
export function BrandingForm(props: { action: (prev: ActionState, form: FormData) => Promise<ActionState>; initial: MerchantBranding; accountName: string }) {
  const [state, formAction, pending] = useActionState(props.action, null);
  const [values, setValues] = useState<Record<Field, string>>({
    displayName: props.initial.displayName ?? "",
    logoUrl: props.initial.logoUrl ?? "",
    brandColor: props.initial.brandColor ?? "",
    termsUrl: props.initial.termsUrl ?? "",
    privacyUrl: props.initial.privacyUrl ?? "",
  });
  const status = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state) status.current?.focus();
  }, [state]);
  const errors = state && !state.ok ? (state.fields ?? {}) : {};
  const set = (name: Field) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value }));

  const color = values.brandColor.trim().toLowerCase();
  const palette = HEX_COLOR.test(color) ? brandPalette(color) : null;
  const previewVars = palette ? ({ "--color-brand": palette.brand, "--color-brand-dark": palette.brandDark } as CSSProperties) : undefined;
  const describedBy = (name: Field) => [`${name}-hint`, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ");

  return (
    <form action={formAction} className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]" noValidate>
      <div className="space-y-4">
        <div ref={status} tabIndex={-1} className="focus:outline-none">
          {state ? (
            <p role={state.ok ? "status" : "alert"} className={`rounded border px-3 py-2 text-sm ${state.ok ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-red-300 bg-red-50 text-red-800"}`}>
              {state.message}
            </p>
          ) : null}
        </div>
        {FIELDS.map((f) => (
          <div key={f.name}>
            <label htmlFor={f.name} className="block text-sm font-medium text-slate-800">
              {f.label} <span className="font-normal text-slate-600">(optional)</span>
            </label>
            <input
              id={f.name}
              name={f.name}
              type={f.type}
              inputMode={f.type === "url" ? "url" : undefined}
              value={values[f.name]}
              onChange={set(f.name)}
              placeholder={f.placeholder}
              maxLength={f.type === "url" ? 2048 : 80}
              aria-invalid={errors[f.name] ? true : undefined}
              aria-describedby={describedBy(f.name)}
              className={`${input} ${errors[f.name] ? "border-red-600" : "border-slate-300"}`}
            />
            <p id={`${f.name}-hint`} className="mt-1 text-xs text-slate-600">
              {f.hint}
            </p>
            {errors[f.name] ? (
              <p id={`${f.name}-error`} className="mt-1 text-sm text-red-800">
                {errors[f.name]}
              </p>
            ) : null}
          </div>
        ))}
        <div>
          <label htmlFor="brandColor" className="block text-sm font-medium text-slate-800">
            Brand colour <span className="font-normal text-slate-600">(optional, hex)</span>
          </label>
          <div className="mt-1 flex items-center gap-2">
            <input
              id="brandColor"
              name="brandColor"
              value={values.brandColor}
              onChange={set("brandColor")}
              placeholder="#4338ca"
              maxLength={7}
              spellCheck={false}
              autoCapitalize="none"
              aria-invalid={errors.brandColor ? true : undefined}
              aria-describedby={describedBy("brandColor")}
              className={`block w-32 rounded border px-3 py-2 font-mono text-sm ${errors.brandColor ? "border-red-600" : "border-slate-300"}`}
            />
            <label htmlFor="brandColorPicker" className="sr-only">
              Pick the brand colour
            </label>
            <input
              id="brandColorPicker"
              type="color"
              value={palette?.chosen ?? "#4338ca"}
              onChange={set("brandColor")}
              className="h-10 w-12 cursor-pointer rounded border border-slate-300 bg-white p-1"
            />
          </div>
          <p id="brandColor-hint" className="mt-1 text-xs text-slate-600">
            Used for the pay button, links and accents. A colour too light for white text is darkened for payers until it reaches 4.5:1 contrast (WCAG AA).
          </p>
          {errors.brandColor ? (
            <p id="brandColor-error" className="mt-1 text-sm text-red-800">
              {errors.brandColor}
            </p>
          ) : null}
        </div>
        <button type="submit" disabled={pending} className="rounded bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark disabled:opacity-60">
          {pending ? "Saving…" : "Save branding"}
        </button>
      </div>

      <section aria-labelledby="preview-heading" className="self-start">
        <h3 id="preview-heading" className="text-sm font-semibold text-slate-800">
          Preview
        </h3>
        <div style={previewVars} className="mt-2 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <div aria-hidden="true" className="h-1.5" style={{ backgroundColor: palette?.chosen ?? "var(--color-brand)" }} />
          <div className="p-4">
            <p className="truncate text-sm font-medium text-slate-700">{values.displayName.trim() || props.accountName}</p>
            <p className="text-xl font-semibold tabular-nums text-slate-900">€24.90</p>
            <p aria-hidden="true" className="mt-3 rounded-lg bg-brand px-4 py-2.5 text-center text-sm font-semibold text-white">
              Pay €24.90
            </p>
          </div>
        </div>
        <p className="mt-2 text-xs text-slate-600" data-testid="contrast-note">
          {palette
            ? palette.adjusted
              ? `${palette.chosen} is too light for white text; payers see ${palette.brand}, the nearest shade with 4.5:1 contrast.`
              : `${palette.chosen} has enough contrast and is used as it is.`
            : "No brand colour: payers see the checkout's own colour."}
        </p>
      </section>
    </form>
  );
}
