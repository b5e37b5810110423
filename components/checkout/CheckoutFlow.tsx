"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { BILLING_FIELDS, type BillingField } from "@/lib/checkout/billing-field-names";
import { readBrowserData } from "@/lib/checkout/browser-data";
import { encryptCard, warmCardEncryption, type CardKey } from "@/lib/checkout/card-encrypt";
import { digitsOnly, parseExpiry, validateCardForm, type CardErrors, type CardField, type CardFormValues } from "@/lib/checkout/card-form";
import type { PaymentReceipt, PaymentState } from "@/lib/checkout/payment-progress";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
import { BillingFields, billingErrorFor, billingFieldId, billingLabel, type BillingValues } from "./BillingFields";
import { CARD_FIELD_IDS, CardFields } from "./CardFields";
import { outcomeMessage, outcomeOf, serverMessage, type Outcome } from "./outcome";
import { useCountries } from "./use-countries";
import { useHydrated } from "./use-hydrated";

// Each view after the form, and the wallet's own flow, is a chunk of its own: a card or
// bank payer downloads the form and nothing else until the payment moves on.
const PaymentProgress = dynamic(() => import("./PaymentProgress").then((m) => m.PaymentProgress));
const PaymentResult = dynamic(() => import("./PaymentResult").then((m) => m.PaymentResult));
const WalletPayment = dynamic(() => import("./WalletPayment").then((m) => m.WalletPayment));

type Method = "card" | "bank" | "invoice" | "wallet";

/** notice: why the last attempt failed, shown above the form until the next Pay. */
/** ended: a session that can no longer be paid (paid, expired, cancelled, retries over), as the server found it. */
export type FlowStart =
  | { view: "form"; notice: string | null }
  | { view: "progress"; state: PaymentState; returned: boolean }
  | { view: "result"; state: PaymentState }
  | { view: "ended"; outcome: Outcome; message: string | null; successUrl: string | null; receipt: PaymentReceipt | null };

interface ErrorBody {
  error?: { code?: string; message?: string; messageKey?: string; fields?: Array<{ path: string; message: string; code?: string }> };
}

const isBillingField = (k: string): k is BillingField => (BILLING_FIELDS as readonly string[]).includes(k);

const EMPTY_CARD: CardFormValues = { number: "", expiry: "", cvc: "", holderName: "" };

function newAttemptKey(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

/** What the payer typed, field by field: the server fills the session's gaps with it. */
function toBillingPayload(values: BillingValues) {
  const v = (f: BillingField) => values[f]?.trim() || undefined;
  const address = {
    ...(v("address.line1") ? { line1: v("address.line1") } : {}),
    ...(v("address.city") ? { city: v("address.city") } : {}),
    ...(v("address.state") ? { state: v("address.state") } : {}),
    ...(v("address.postal_code") ? { postal_code: v("address.postal_code") } : {}),
    ...(v("address.country") ? { country: v("address.country") } : {}),
  };
  return {
    ...(v("first_name") ? { first_name: v("first_name") } : {}),
    ...(v("last_name") ? { last_name: v("last_name") } : {}),
    ...(v("email") ? { email: v("email") } : {}),
    ...(Object.keys(address).length > 0 ? { address } : {}),
  };
}

export function CheckoutFlow(props: {
  sessionId: string;
  merchantName: string;
  cancelUrl: string;
  texts: CheckoutTexts;
  acceptedBrands: readonly string[];
  amountLabel: string;
  methods: Method[];
  billingFields: BillingField[];
  countries: Array<{ code: string; name: string }>;
  cardKey: CardKey | null;
  start: FlowStart;
}) {
  const { sessionId, merchantName, amountLabel, cancelUrl, methods, texts } = props;
  // The server may ask for a detail the page did not show (the merchant's value was refused):
  // such a field joins the form so the payer can correct it.
  const [billingFields, setBillingFields] = useState<BillingField[]>(props.billingFields);
  const countries = useCountries(props.countries, billingFields.includes("address.country"), texts.locale);
  const hostedInvoice = methods.includes("invoice") && !methods.includes("card");
  const hydrated = useHydrated();
  const [view, setView] = useState<FlowStart>(props.start);
  const walletOnly = methods.includes("wallet") && !methods.includes("card");
  const [method, setMethod] = useState<Method>(walletOnly ? "wallet" : hostedInvoice ? "invoice" : "card");
  const [walletPhone, setWalletPhone] = useState("");
  const [card, setCard] = useState<CardFormValues>(EMPTY_CARD);
  const [cardErrors, setCardErrors] = useState<CardErrors>({});
  const [billing, setBilling] = useState<BillingValues>({});
  const [billingErrors, setBillingErrors] = useState<Partial<Record<BillingField, string>>>({});
  // The alert above the form: a sentence, the previous attempt's outcome (kept through
  // "Try another card"), or a summary that lists each field's problem as a link to it.
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(props.start.view === "form" ? props.start.notice : null);
  const [summary, setSummary] = useState(false);
  const focusAlertOnForm = useRef(false);
  const [submitting, setSubmitting] = useState(false);
  const attemptKey = useRef<string | null>(null);
  const inFlight = useRef(false);
  const cardKey = useRef<CardKey | null>(props.cardKey);
  const alertRef = useRef<HTMLDivElement>(null);

  const cardProblems = (values: CardFormValues): CardErrors => {
    const found = validateCardForm(values);
    const out: CardErrors = {};
    for (const f of Object.keys(found) as CardField[]) {
      const problem = found[f];
      if (problem) out[f] = texts.validation[problem];
    }
    return out;
  };
  const validateCardField = (field: CardField, values: CardFormValues) => cardProblems(values)[field];

  const onCardChange = (field: CardField, value: string) => {
    warmCardEncryption();
    const next = { ...card, [field]: value };
    setCard(next);
    // Once a field has shown an error, it updates as the payer fixes it.
    if (cardErrors[field]) setCardErrors((e) => ({ ...e, [field]: validateCardField(field, next) }));
  };
  const onCardBlur = (field: CardField) => {
    if (card[field] === "") return;
    setCardErrors((e) => ({ ...e, [field]: validateCardField(field, card) }));
  };
  const onBillingChange = (field: BillingField, value: string) => {
    setBilling((b) => ({ ...b, [field]: value }));
    if (billingErrors[field]) setBillingErrors((e) => ({ ...e, [field]: billingErrorFor(texts, field, value) ?? undefined }));
  };
  const onBillingBlur = (field: BillingField) => {
    if (!billing[field]) return;
    setBillingErrors((e) => ({ ...e, [field]: billingErrorFor(texts, field, billing[field]) ?? undefined }));
  };

  const showProblems = (message: string | null, firstFieldId: string | null, listFields = false) => {
    setFormError(message);
    setSummary(listFields);
    // A field the server just asked for is rendered on the next frame.
    const focus = () => (firstFieldId ? document.getElementById(firstFieldId)?.focus() : alertRef.current?.focus());
    if (firstFieldId && !document.getElementById(firstFieldId)) requestAnimationFrame(focus);
    else focus();
  };

  const applyFieldErrors = (fields: Array<{ path: string; message: string; code?: string }>): string | null => {
    const nextCard: CardErrors = {};
    const nextBilling: Partial<Record<BillingField, string>> = {};
    let first: string | null = null;
    for (const f of fields) {
      if (f.path.startsWith("card.")) {
        const key = f.path.slice(5) as CardField;
        if (key in CARD_FIELD_IDS) {
          nextCard[key] = serverMessage(texts, f.code, f.message);
          first ??= CARD_FIELD_IDS[key];
        }
      } else if (f.path.startsWith("billing.")) {
        const key = f.path.slice(8);
        if (!isBillingField(key)) continue;
        nextBilling[key] = serverMessage(texts, f.code, f.message);
        first ??= billingFieldId(key);
      }
    }
    const shown = Object.keys(nextBilling).filter((k): k is BillingField => isBillingField(k));
    if (shown.some((k) => !billingFields.includes(k))) setBillingFields((list) => BILLING_FIELDS.filter((f) => list.includes(f) || shown.includes(f)));
    setCardErrors(nextCard);
    setBillingErrors(nextBilling);
    return first;
  };

  const refreshCardKey = async (): Promise<CardKey | null> => {
    const res = await fetch("/api/checkout/card-key", { cache: "no-store" });
    if (!res.ok) return null;
    cardKey.current = (await res.json()) as CardKey;
    return cardKey.current;
  };

  const send = async (retriedKey: boolean): Promise<void> => {
    attemptKey.current ??= newAttemptKey();
    let encryptedCard: string | null = null;
    if (method === "card") {
      const key = cardKey.current ?? (await refreshCardKey());
      const expiry = parseExpiry(card.expiry);
      if (!key || !expiry) throw new Error("card key or expiry missing");
      encryptedCard = await encryptCard(key, {
        sid: sessionId,
        number: digitsOnly(card.number),
        expMonth: expiry.month,
        expYear: expiry.year,
        cvc: card.cvc,
        holderName: card.holderName.trim(),
      });
    }
    const res = await fetch(`/api/checkout/${encodeURIComponent(sessionId)}/pay`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        attemptKey: attemptKey.current,
        method: encryptedCard ? { type: "card", encryptedCard } : { type: method },
        billing: billingFields.length > 0 ? toBillingPayload(billing) : undefined,
        browser: readBrowserData(),
      }),
    });
    if (res.ok) {
      const state = (await res.json()) as PaymentState;
      setView(state.final ? { view: "result", state } : { view: "progress", state, returned: false });
      return;
    }
    // Every answer other than success ended this attempt (or never began it): the next
    // press is a new attempt. Only a lost answer (network error) keeps the key.
    attemptKey.current = null;
    const body = ((await res.json().catch(() => ({}))) as ErrorBody).error;
    const fields = body?.fields ?? [];
    if (res.status === 400 && fields.some((f) => f.path === "card") && !retriedKey) {
      // The page outlived its key: fetch the current one and send once more.
      if (await refreshCardKey()) return send(true);
    }
    if (res.status === 400 && fields.length > 0) {
      const first = applyFieldErrors(fields);
      showProblems(null, first, true);
      return;
    }
    // The session moved on without this tab (paid or under way in another tab, expired,
    // cancelled): the page as the server renders it now shows where it stands.
    if (res.status === 409 || res.status === 410) {
      window.location.reload();
      return;
    }
    showProblems(res.status === 429 ? serverMessage(texts, body?.messageKey, texts.form.couldNotStart) : texts.form.couldNotStart, null);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    setFormError(null);
    setSummary(false);
    const cErrors = method === "card" ? cardProblems(card) : {};
    const bErrors: Partial<Record<BillingField, string>> = {};
    for (const f of billingFields) {
      const problem = billingErrorFor(texts, f, billing[f]);
      if (problem) bErrors[f] = problem;
    }
    setCardErrors(cErrors);
    setBillingErrors(bErrors);
    const firstCard = (Object.keys(CARD_FIELD_IDS) as CardField[]).find((f) => cErrors[f]);
    const firstBilling = billingFields.find((f) => bErrors[f]);
    const count = Object.keys(cErrors).length + Object.keys(bErrors).length;
    if (count > 0) {
      showProblems(null, firstCard ? CARD_FIELD_IDS[firstCard] : firstBilling ? billingFieldId(firstBilling) : null, true);
      return;
    }
    setNotice(null);
    inFlight.current = true;
    setSubmitting(true);
    try {
      await send(false);
    } catch {
      showProblems(texts.form.unreachable, null);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const onFinal = useCallback((state: PaymentState) => setView({ view: "result", state }), []);

  // Back to the form with the reason the last attempt failed still above it, and focus on
  // that reason: keyboard and screen reader users start where they left off.
  const retry = () => {
    attemptKey.current = null;
    setCard((c) => ({ ...EMPTY_CARD, holderName: c.holderName }));
    setCardErrors({});
    setFormError(null);
    setSummary(false);
    setNotice(view.view === "result" ? outcomeMessage(texts, view.state) : null);
    focusAlertOnForm.current = true;
    setView({ view: "form", notice: null });
  };

  useEffect(() => {
    if (view.view !== "form" || !focusAlertOnForm.current) return;
    focusAlertOnForm.current = false;
    alertRef.current?.focus();
  }, [view]);

  const cancelLink = (
    <p className="mt-5 text-center">
      <a href={cancelUrl} className="text-sm font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900">
        {texts.form.cancelAndReturn}
      </a>
    </p>
  );

  if (view.view === "progress") {
    return (
      <>
        <PaymentProgress initial={view.state} returned={view.returned} onFinal={onFinal} texts={texts} />
        {cancelLink}
      </>
    );
  }
  // Rendered through this component so the result's code is a chunk of its own, loaded
  // only by pages that show a result, never by the form.
  if (view.view === "ended") {
    return (
      <PaymentResult
        outcome={view.outcome}
        merchantName={merchantName}
        amountLabel={amountLabel}
        message={view.message}
        successUrl={view.successUrl}
        cancelUrl={cancelUrl}
        onRetry={null}
        receipt={view.receipt}
        texts={texts}
      />
    );
  }
  if (view.view === "result") {
    const s = view.state;
    return (
      <PaymentResult
        outcome={outcomeOf(s.status)}
        merchantName={merchantName}
        amountLabel={amountLabel}
        message={outcomeMessage(texts, s)}
        successUrl={s.successUrl}
        cancelUrl={cancelUrl}
        onRetry={s.canRetry ? retry : null}
        retryLabel={methods.includes("card") && s.retry === "another_card" ? texts.result.tryAnotherCard : texts.result.tryAgain}
        receipt={s.receipt}
        texts={texts}
        focusHeading
      />
    );
  }

  if (method === "wallet") {
    return (
      <>
        <WalletPayment
          sessionId={sessionId}
          billingFields={billingFields}
          countries={countries}
          cardKey={props.cardKey}
          initialPhone={walletPhone}
          notice={formError ?? notice}
          texts={texts}
          onPhone={setWalletPhone}
          onStarted={(state) => setView(state.final ? { view: "result", state } : { view: "progress", state, returned: false })}
        />
        {cancelLink}
      </>
    );
  }

  const problems = [
    ...(Object.keys(CARD_FIELD_IDS) as CardField[]).flatMap((f) => {
      const message = method === "card" ? cardErrors[f] : undefined;
      return message ? [{ id: CARD_FIELD_IDS[f], label: texts.card[f === "holderName" ? "name" : f], message }] : [];
    }),
    ...billingFields.flatMap((f) => {
      const message = billingErrors[f];
      return message ? [{ id: billingFieldId(f), label: billingLabel(texts, f), message }] : [];
    }),
  ];
  const listed = summary && problems.length > 0;
  const alerting = Boolean(formError) || listed || Boolean(notice);
  return (
    <>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-5" aria-describedby={alerting ? "form-alert" : undefined}>
        <div
          id="form-alert"
          ref={alertRef}
          tabIndex={-1}
          role="alert"
          aria-live="assertive"
          className={alerting ? "space-y-1 rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 outline-none" : "sr-only"}
          data-testid="form-alert"
        >
          {formError ? <p>{formError}</p> : null}
          {!formError && notice ? (
            <>
              <p className="font-semibold">{texts.form.lastAttempt}</p>
              <p data-testid="last-attempt">{notice}</p>
            </>
          ) : null}
          {listed ? (
            <>
              <p className="font-semibold">{problems.length === 1 ? texts.form.summaryOne : texts.form.summaryMany}</p>
              <ul className="list-disc space-y-0.5 pl-5">
                {problems.map((p) => (
                  <li key={p.id}>
                    <a
                      href={`#${p.id}`}
                      className="underline underline-offset-2"
                      onClick={(e) => {
                        e.preventDefault();
                        document.getElementById(p.id)?.focus();
                      }}
                    >
                      {p.label}: {p.message}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        {methods.includes("bank") && methods.includes("card") ? (
          <fieldset disabled={submitting}>
            <legend className="text-sm font-semibold text-slate-900">{texts.form.methodLegend}</legend>
            <div className="mt-2 grid grid-cols-2 gap-2">
              {(["card", "bank"] as const).map((m) => (
                <label
                  key={m}
                  className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2.5 text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand ${method === m ? "border-brand bg-indigo-50 text-slate-900" : "border-slate-300 text-slate-700"}`}
                >
                  <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} className="accent-brand" />
                  {m === "card" ? texts.form.card : texts.form.bank}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        {method === "card" ? (
          <CardFields values={card} errors={cardErrors} onChange={onCardChange} onBlur={onCardBlur} disabled={submitting} texts={texts.card} acceptedBrands={props.acceptedBrands} />
        ) : null}
        {method === "bank" ? <p className="text-sm text-slate-700">{texts.form.bankNote}</p> : null}
        {method === "invoice" ? <p className="text-sm text-slate-700">{texts.form.invoiceNote}</p> : null}
        <BillingFields fields={billingFields} values={billing} errors={billingErrors} countries={countries} onChange={onBillingChange} onBlur={onBillingBlur} disabled={submitting} texts={texts} />
        <button
          type="submit"
          disabled={!hydrated}
          aria-disabled={submitting || undefined}
          className="flex w-full items-center justify-center gap-2 rounded-lg bg-brand px-4 py-3 text-base font-semibold text-white shadow-sm hover:bg-brand-dark aria-disabled:cursor-wait aria-disabled:opacity-80"
        >
          {submitting ? <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white motion-reduce:animate-none" /> : null}
          {method === "invoice" ? texts.form.continue : texts.form.pay}
        </button>
        {submitting ? (
          <p role="status" className="text-center text-sm text-slate-600">
            {method === "bank" ? texts.form.sendingBank : method === "invoice" ? texts.form.sendingInvoice : texts.form.sendingCard}
          </p>
        ) : null}
      </form>
      {cancelLink}
    </>
  );
}
