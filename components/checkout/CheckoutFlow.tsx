"use client";

import dynamic from "next/dynamic";
import { useCallback, useRef, useState, type FormEvent } from "react";
import { BILLING_FIELDS, type BillingField } from "@/lib/checkout/billing-field-names";
import { readBrowserData } from "@/lib/checkout/browser-data";
import { encryptCard, warmCardEncryption, type CardKey } from "@/lib/checkout/card-encrypt";
import { digitsOnly, parseExpiry, validateCardForm, type CardErrors, type CardField, type CardFormValues } from "@/lib/checkout/card-form";
import type { PaymentState } from "@/lib/checkout/payment-progress";
import { BillingFields, billingErrorFor, billingFieldId, type BillingValues } from "./BillingFields";
import { CARD_FIELD_IDS, CardFields } from "./CardFields";
import { outcomeOf } from "./outcome";

// Each view after the form, and the wallet's own flow, is a chunk of its own: a card or
// bank payer downloads the form and nothing else until the payment moves on.
const PaymentProgress = dynamic(() => import("./PaymentProgress").then((m) => m.PaymentProgress));
const PaymentResult = dynamic(() => import("./PaymentResult").then((m) => m.PaymentResult));
const WalletPayment = dynamic(() => import("./WalletPayment").then((m) => m.WalletPayment));

type Method = "card" | "bank" | "invoice" | "wallet";

export type FlowStart = { view: "form"; notice: string | null } | { view: "progress"; state: PaymentState; returned: boolean } | { view: "result"; state: PaymentState };

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: Array<{ path: string; message: string }> };
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
  amountLabel: string;
  cancelUrl: string;
  methods: Method[];
  billingFields: BillingField[];
  countries: Array<{ code: string; name: string }>;
  cardKey: CardKey | null;
  start: FlowStart;
}) {
  const { sessionId, merchantName, amountLabel, cancelUrl, methods, countries } = props;
  // The server may ask for a detail the page did not show (the merchant's value was refused):
  // such a field joins the form so the payer can correct it.
  const [billingFields, setBillingFields] = useState<BillingField[]>(props.billingFields);
  const hostedInvoice = methods.includes("invoice") && !methods.includes("card");
  const [view, setView] = useState<FlowStart>(props.start);
  const walletOnly = methods.includes("wallet") && !methods.includes("card");
  const [method, setMethod] = useState<Method>(walletOnly ? "wallet" : hostedInvoice ? "invoice" : "card");
  const [walletPhone, setWalletPhone] = useState("");
  const [card, setCard] = useState<CardFormValues>(EMPTY_CARD);
  const [cardErrors, setCardErrors] = useState<CardErrors>({});
  const [billing, setBilling] = useState<BillingValues>({});
  const [billingErrors, setBillingErrors] = useState<Partial<Record<BillingField, string>>>({});
  const [formError, setFormError] = useState<string | null>(props.start.view === "form" ? props.start.notice : null);
  const [submitting, setSubmitting] = useState(false);
  const attemptKey = useRef<string | null>(null);
  const inFlight = useRef(false);
  const cardKey = useRef<CardKey | null>(props.cardKey);
  const alertRef = useRef<HTMLDivElement>(null);

  const validateCardField = (field: CardField, values: CardFormValues) => validateCardForm(values)[field];

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
    if (billingErrors[field]) setBillingErrors((e) => ({ ...e, [field]: billingErrorFor(field, value) ?? undefined }));
  };
  const onBillingBlur = (field: BillingField) => {
    if (!billing[field]) return;
    setBillingErrors((e) => ({ ...e, [field]: billingErrorFor(field, billing[field]) ?? undefined }));
  };

  const showProblems = (message: string, firstFieldId: string | null) => {
    setFormError(message);
    // A field the server just asked for is rendered on the next frame.
    const focus = () => (firstFieldId ? document.getElementById(firstFieldId)?.focus() : alertRef.current?.focus());
    if (firstFieldId && !document.getElementById(firstFieldId)) requestAnimationFrame(focus);
    else focus();
  };

  const applyFieldErrors = (fields: Array<{ path: string; message: string }>): string | null => {
    const nextCard: CardErrors = {};
    const nextBilling: Partial<Record<BillingField, string>> = {};
    let first: string | null = null;
    for (const f of fields) {
      if (f.path.startsWith("card.")) {
        const key = f.path.slice(5) as CardField;
        if (key in CARD_FIELD_IDS) {
          nextCard[key] = f.message;
          first ??= CARD_FIELD_IDS[key];
        }
      } else if (f.path.startsWith("billing.")) {
        const key = f.path.slice(8);
        if (!isBillingField(key)) continue;
        nextBilling[key] = f.message;
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
      showProblems(body?.message ?? "Check the highlighted fields.", first);
      return;
    }
    if (res.status === 410) {
      window.location.reload();
      return;
    }
    if (res.status === 409 && body?.message?.includes("in progress")) {
      window.location.reload();
      return;
    }
    showProblems(body?.message ?? "The payment could not be started. Please try again.", null);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current) return;
    setFormError(null);
    const cErrors = method === "card" ? validateCardForm(card) : {};
    const bErrors: Partial<Record<BillingField, string>> = {};
    for (const f of billingFields) {
      const problem = billingErrorFor(f, billing[f]);
      if (problem) bErrors[f] = problem;
    }
    setCardErrors(cErrors);
    setBillingErrors(bErrors);
    const firstCard = (Object.keys(CARD_FIELD_IDS) as CardField[]).find((f) => cErrors[f]);
    const firstBilling = billingFields.find((f) => bErrors[f]);
    const count = Object.keys(cErrors).length + Object.keys(bErrors).length;
    if (count > 0) {
      showProblems(count === 1 ? "There is a problem with one field. Check it and try again." : `There are problems with ${count} fields. Check them and try again.`, firstCard ? CARD_FIELD_IDS[firstCard] : firstBilling ? billingFieldId(firstBilling) : null);
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    try {
      await send(false);
    } catch {
      showProblems("We could not reach the payment service. Check your connection and press Pay again; you will not be charged twice.", null);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
    }
  };

  const onFinal = useCallback((state: PaymentState) => setView({ view: "result", state }), []);

  const retry = () => {
    attemptKey.current = null;
    setCard((c) => ({ ...EMPTY_CARD, holderName: c.holderName }));
    setCardErrors({});
    setFormError(null);
    setView({ view: "form", notice: null });
  };

  const cancelLink = (
    <p className="mt-5 text-center">
      <a href={cancelUrl} className="text-sm font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900">
        Cancel and return to {merchantName}
      </a>
    </p>
  );

  if (view.view === "progress") {
    return (
      <>
        <PaymentProgress initial={view.state} method={method} returned={view.returned} onFinal={onFinal} />
        {cancelLink}
      </>
    );
  }
  if (view.view === "result") {
    const s = view.state;
    return (
      <PaymentResult
        outcome={outcomeOf(s.status)}
        merchantName={merchantName}
        message={s.message}
        successUrl={s.successUrl}
        cancelUrl={cancelUrl}
        onRetry={s.canRetry ? retry : null}
        retryLabel={methods.includes("card") && s.retry === "another_card" ? "Try another card" : "Try again"}
      />
    );
  }

  if (method === "wallet") {
    return (
      <>
        <WalletPayment
          sessionId={sessionId}
          merchantName={merchantName}
          billingFields={billingFields}
          countries={countries}
          cardKey={props.cardKey}
          initialPhone={walletPhone}
          notice={formError}
          onPhone={setWalletPhone}
          onStarted={(state) => setView(state.final ? { view: "result", state } : { view: "progress", state, returned: false })}
        />
        {cancelLink}
      </>
    );
  }

  const payLabel = `Pay ${amountLabel}`;
  return (
    <>
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-5" aria-describedby={formError ? "form-alert" : undefined}>
        <div id="form-alert" ref={alertRef} tabIndex={-1} role="alert" aria-live="assertive" className={formError ? "rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800 outline-none" : "sr-only"}>
          {formError}
        </div>
        {methods.includes("bank") && methods.includes("card") ? (
          <fieldset disabled={submitting}>
            <legend className="text-sm font-semibold text-slate-900">How would you like to pay?</legend>
            <div className="mt-2 grid grid-cols-2 gap-2">
              {(["card", "bank"] as const).map((m) => (
                <label
                  key={m}
                  className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2.5 text-sm font-medium has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand ${method === m ? "border-brand bg-indigo-50 text-slate-900" : "border-slate-300 text-slate-700"}`}
                >
                  <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} className="accent-brand" />
                  {m === "card" ? "Card" : "Pay by bank"}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        {method === "card" ? <CardFields values={card} errors={cardErrors} onChange={onCardChange} onBlur={onCardBlur} disabled={submitting} /> : null}
        {method === "bank" ? <p className="text-sm text-slate-700">You will choose your bank on the next page and confirm the payment there.</p> : null}
        {method === "invoice" ? <p className="text-sm text-slate-700">You will complete the payment on our payment partner&apos;s page.</p> : null}
        <BillingFields fields={billingFields} values={billing} errors={billingErrors} countries={countries} onChange={onBillingChange} onBlur={onBillingBlur} disabled={submitting} />
        <button
          type="submit"
          aria-disabled={submitting || undefined}
          className="flex w-full items-center justify-center gap-2 rounded-lg bg-brand px-4 py-3 text-base font-semibold text-white shadow-sm hover:bg-brand-dark aria-disabled:cursor-wait aria-disabled:opacity-80"
        >
          {submitting ? <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white motion-reduce:animate-none" /> : null}
          {method === "invoice" ? "Continue to payment" : payLabel}
        </button>
        {submitting ? (
          <p role="status" className="text-center text-sm text-slate-600">
            Contacting your bank…
          </p>
        ) : null}
      </form>
      {cancelLink}
    </>
  );
}
