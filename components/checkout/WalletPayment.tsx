"use client";

import { useRef, useState, type FormEvent } from "react";
import { BILLING_FIELDS, type BillingField } from "@/lib/checkout/billing-field-names";
import { readBrowserData } from "@/lib/checkout/browser-data";
import { encryptCard, type CardKey } from "@/lib/checkout/card-encrypt";
import { digitsOnly, parseExpiry } from "@/lib/checkout/card-form";
import { ExpiryAndCodeFields, expiryAndCodeErrors } from "./ExpiryAndCodeFields";
import { formatAmount } from "@/lib/checkout/currency";
import { keepCardData } from "@/lib/checkout/page-held-card";
import type { PaymentState } from "@/lib/checkout/payment-progress";
import type { PaymentQuote } from "@/lib/checkout/quote-payment";
import { BillingFields, billingErrorFor, billingFieldId, type BillingValues } from "./BillingFields";
import { Field } from "./Field";
import { QuoteSummary } from "./QuoteSummary";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
import { VALUE_SLOT } from "@/lib/i18n/locales";
import { useCountries } from "./use-countries";
import { useHydrated } from "./use-hydrated";
import { serverMessage } from "./outcome";

// Paying from a wallet: the payer gives the wallet's phone number, we find the wallet and
// show the provider's figures (amount in the card's currency, fee, exchange rate), then the
// payer confirms with the card's expiry and security code, encrypted here like a card.

interface ErrorBody {
  error?: { code?: string; message?: string; messageKey?: string; fields?: Array<{ path: string; message: string; code?: string }> };
}

const PHONE_ID = "wallet-phone";
const EXPIRY_ID = "wallet-expiry";
const CVC_ID = "wallet-cvc";

const isBillingField = (k: string): k is BillingField => (BILLING_FIELDS as readonly string[]).includes(k);

function newAttemptKey(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; status: number; body: unknown }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { ok: res.ok, status: res.status, body: (await res.json().catch(() => ({}))) as unknown };
}

/** The billing gaps as the pay request takes them: whatever the payer filled, address parts included. */
function billingPayload(values: BillingValues) {
  const v = (f: BillingField) => values[f]?.trim() || undefined;
  const address = { line1: v("address.line1"), city: v("address.city"), state: v("address.state"), postal_code: v("address.postal_code"), country: v("address.country") };
  const filled = Object.fromEntries(Object.entries(address).filter(([, x]) => x !== undefined));
  return {
    ...(v("first_name") ? { first_name: v("first_name") } : {}),
    ...(v("last_name") ? { last_name: v("last_name") } : {}),
    ...(v("email") ? { email: v("email") } : {}),
    ...(Object.keys(filled).length > 0 ? { address: filled } : {}),
  };
}

export function WalletPayment(props: {
  sessionId: string;
  billingFields: BillingField[];
  countries: Array<{ code: string; name: string }>;
  cardKey: CardKey | null;
  initialPhone: string;
  notice: string | null;
  onPhone: (phone: string) => void;
  onStarted: (state: PaymentState) => void;
  texts: CheckoutTexts;
}) {
  const { sessionId, onStarted, texts } = props;
  const t = texts.wallet;
  const locale = texts.intlLocale;
  const hydrated = useHydrated();
  const [phase, setPhase] = useState<"phone" | "confirm">("phone");
  const [phone, setPhone] = useState(props.initialPhone);
  const [quote, setQuote] = useState<PaymentQuote | null>(null);
  const [expiry, setExpiry] = useState("");
  const [cvc, setCvc] = useState("");
  const [errors, setErrors] = useState<{ phone?: string; expiry?: string; cvc?: string }>({});
  const [billingFields, setBillingFields] = useState<BillingField[]>(props.billingFields);
  const countries = useCountries(props.countries, billingFields.includes("address.country"), texts.locale);
  const [billing, setBilling] = useState<BillingValues>({});
  const [billingErrors, setBillingErrors] = useState<Partial<Record<BillingField, string>>>({});
  const [formError, setFormError] = useState<string | null>(props.notice);
  const [busy, setBusy] = useState(false);
  const attemptKey = useRef<string | null>(null);
  const cardKey = useRef<CardKey | null>(props.cardKey);
  const alertRef = useRef<HTMLDivElement>(null);

  const focus = (id: string | null) => {
    const go = () => (id ? document.getElementById(id)?.focus() : alertRef.current?.focus());
    if (id && !document.getElementById(id)) requestAnimationFrame(go);
    else go();
  };
  const problem = (message: string, fieldId: string | null) => {
    setFormError(message);
    focus(fieldId);
  };

  const backToPhone = (message: string) => {
    setPhase("phone");
    setQuote(null);
    setErrors({ phone: message });
    setFormError(null);
    focus(PHONE_ID);
  };

  /** Find the wallet, then ask for the figures. */
  const findWallet = async () => {
    const number = phone.trim();
    if (digitsOnly(number).length < 6) {
      setErrors({ phone: t.phoneInvalid });
      focus(PHONE_ID);
      return;
    }
    setErrors({});
    setFormError(null);
    const found = await postJson(`/api/checkout/${encodeURIComponent(sessionId)}/wallet`, { phone: number });
    if (!found.ok) return explainLookup(found);
    const quoted = await postJson(`/api/checkout/${encodeURIComponent(sessionId)}/quote`, { phone: number });
    if (!quoted.ok) return explainLookup(quoted);
    props.onPhone(number);
    setQuote(quoted.body as PaymentQuote);
    setPhase("confirm");
    focus(EXPIRY_ID);
  };

  const explainLookup = (res: { status: number; body: unknown }) => {
    const e = (res.body as ErrorBody).error;
    const field = e?.fields?.find((f) => f.path === "wallet.phone");
    if (field) return backToPhone(serverMessage(texts, field.code, field.message));
    if (res.status === 410 || res.status === 409) return window.location.reload();
    // A sentence the page cannot translate is not shown to a payer reading another language.
    problem(serverMessage(texts, e?.messageKey, texts.locale === "en" ? (e?.message ?? t.lookupFailed) : t.lookupFailed), null);
  };

  const refreshCardKey = async (): Promise<CardKey | null> => {
    const res = await fetch("/api/checkout/card-key", { cache: "no-store" });
    if (!res.ok) return null;
    cardKey.current = (await res.json()) as CardKey;
    return cardKey.current;
  };

  const pay = async (retriedKey: boolean): Promise<void> => {
    const parsed = parseExpiry(expiry);
    const key = cardKey.current ?? (await refreshCardKey());
    if (!parsed || !key || !quote) throw new Error("expiry, key or quote missing");
    attemptKey.current ??= newAttemptKey();
    const encryptedCard = await encryptCard(key, { sid: sessionId, cvc, expMonth: parsed.month, expYear: parsed.year });
    // Sent again by this page if the provider needs it after 3-D Secure (CardDataStep).
    keepCardData(sessionId, encryptedCard);
    const res = await postJson(`/api/checkout/${encodeURIComponent(sessionId)}/pay`, {
      attemptKey: attemptKey.current,
      method: { type: "wallet", phone: phone.trim(), encryptedCard, quoted: quote.total },
      billing: billingFields.length > 0 ? billingPayload(billing) : undefined,
      browser: readBrowserData(),
    });
    if (res.ok) return onStarted(res.body as PaymentState);
    // Every answer but success ended this attempt (or never began it): a new key next time.
    attemptKey.current = null;
    const e = (res.body as ErrorBody).error;
    const fields = e?.fields ?? [];
    if (res.status === 400 && fields.some((f) => f.path === "card") && !retriedKey && (await refreshCardKey())) return pay(true);
    const phoneField = fields.find((f) => f.path === "wallet.phone");
    if (phoneField) return backToPhone(serverMessage(texts, phoneField.code, phoneField.message));
    if (fields.some((f) => f.path === "wallet.quote")) {
      const fresh = await postJson(`/api/checkout/${encodeURIComponent(sessionId)}/quote`, { phone: phone.trim() });
      if (fresh.ok) setQuote(fresh.body as PaymentQuote);
      return problem(t.amountChanged, null);
    }
    const asked: Partial<Record<BillingField, string>> = {};
    for (const f of fields) {
      const k = f.path.replace(/^billing\./, "");
      if (f.path.startsWith("billing.") && isBillingField(k)) asked[k] = serverMessage(texts, f.code, f.message);
    }
    const first = (Object.keys(asked) as BillingField[])[0];
    if (first) {
      setBillingFields((list) => BILLING_FIELDS.filter((f) => list.includes(f) || f in asked));
      setBillingErrors(asked);
      return problem(texts.form.checkFields, billingFieldId(first));
    }
    if (res.status === 410 || (res.status === 409 && e?.messageKey === "checkout:inProgress")) return window.location.reload();
    problem(texts.form.couldNotStart, null);
  };

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      if (phase === "phone") {
        await findWallet();
        return;
      }
      const { expiry: expiryError, cvc: cvcError } = expiryAndCodeErrors(texts, expiry, cvc);
      const bErrors: Partial<Record<BillingField, string>> = {};
      for (const f of billingFields) {
        const p = billingErrorFor(texts, f, billing[f]);
        if (p) bErrors[f] = p;
      }
      setErrors({ expiry: expiryError, cvc: cvcError });
      setBillingErrors(bErrors);
      const firstBilling = billingFields.find((f) => bErrors[f]);
      if (expiryError || cvcError || firstBilling) {
        problem(texts.form.checkFields, expiryError ? EXPIRY_ID : cvcError ? CVC_ID : firstBilling ? billingFieldId(firstBilling) : null);
        return;
      }
      setFormError(null);
      await pay(false);
    } catch {
      problem(texts.cardData.unreachable, null);
    } finally {
      setBusy(false);
    }
  };

  const total = quote ? formatAmount(quote.total.amount, quote.total.currency, locale) : "";
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-5">
      <div id="form-alert" ref={alertRef} tabIndex={-1} role="alert" aria-live="assertive" className={formError ? "rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 outline-none" : "sr-only"}>
        {formError}
      </div>
      {phase === "phone" ? (
        <fieldset disabled={busy} className="space-y-4">
          <legend className="text-sm font-semibold text-slate-900">{t.legend}</legend>
          <Field
            id={PHONE_ID}
            label={t.phone}
            hint={t.phoneHint}
            error={errors.phone}
            input={{
              name: "tel",
              type: "tel",
              inputMode: "tel",
              autoComplete: "tel",
              placeholder: "+48 500 000 001",
              value: phone,
              maxLength: 24,
              onChange: (e) => setPhone(e.target.value),
            }}
          />
        </fieldset>
      ) : (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
            <p className="text-slate-700">
              {t.wallet} <span className="font-medium text-slate-900">{phone.trim()}</span>
            </p>
            <button type="button" className="font-medium text-brand underline underline-offset-2" onClick={() => setPhase("phone")} disabled={busy}>
              {t.changeNumber}
            </button>
          </div>
          {quote ? <QuoteSummary quote={quote} texts={t} locale={locale} /> : null}
          <fieldset disabled={busy} className="space-y-4">
            <legend className="text-sm font-semibold text-slate-900">{t.cardLegend}</legend>
            <div className="grid grid-cols-2 gap-3">
              <ExpiryAndCodeFields ids={{ expiry: EXPIRY_ID, cvc: CVC_ID }} expiry={expiry} cvc={cvc} onExpiry={setExpiry} onCvc={setCvc} errors={errors} texts={texts} cvcHint={texts.card.cvcHint3} />
            </div>
          </fieldset>
          <BillingFields
            fields={billingFields}
            values={billing}
            errors={billingErrors}
            countries={countries}
            onChange={(f, value) => {
              setBilling((b) => ({ ...b, [f]: value }));
              // A shown error follows the typing, so it is gone before the payer leaves the
              // field: cleared on blur, the form moved under a click already on its way to Pay.
              if (billingErrors[f]) setBillingErrors((e) => ({ ...e, [f]: billingErrorFor(texts, f, value) ?? undefined }));
            }}
            onBlur={(f) => billing[f] && setBillingErrors((e) => ({ ...e, [f]: billingErrorFor(texts, f, billing[f]) ?? undefined }))}
            disabled={busy}
            texts={texts}
          />
        </>
      )}
      <button
        type="submit"
        disabled={!hydrated}
        aria-disabled={busy || undefined}
        className="flex w-full items-center justify-center gap-2 rounded-lg bg-brand px-4 py-3 text-base font-semibold text-white shadow-sm hover:bg-brand-dark aria-disabled:cursor-wait aria-disabled:opacity-80"
      >
        {busy ? <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white motion-reduce:animate-none" /> : null}
        {phase === "phone" ? t.find : t.pay.replace(VALUE_SLOT, total)}
      </button>
      {busy ? (
        <p role="status" className="text-center text-sm text-slate-600">
          {phase === "phone" ? t.looking : texts.form.sendingCard}
        </p>
      ) : null}
    </form>
  );
}
