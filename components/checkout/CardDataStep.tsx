"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { encryptCard, type CardKey } from "@/lib/checkout/card-encrypt";
import { parseExpiry } from "@/lib/checkout/card-form";
import { forgetCardData, keptCardData } from "@/lib/checkout/page-held-card";
import type { PaymentState } from "@/lib/checkout/payment-progress";
import type { CheckoutTexts } from "@/lib/checkout/payer-texts";
import { ExpiryAndCodeFields, expiryAndCodeErrors } from "./ExpiryAndCodeFields";
import { useHydrated } from "./use-hydrated";

// The payer is authenticated and the provider needs the card data this page encrypted at
// Pay (NextAction "card_data"). The page sends what it kept at once; when it kept nothing
// (another tab, storage off) or the server cannot read it, the payer types the expiry and
// security code again. The server claims the step once, so two tabs never pay twice.

const EXPIRY_ID = "card-data-expiry";
const CVC_ID = "card-data-cvc";

async function send(sessionId: string, operationId: string, encryptedCard: string): Promise<{ state: PaymentState | null; unreadable: boolean }> {
  const res = await fetch(`/api/checkout/${encodeURIComponent(sessionId)}/card-data`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ operationId, encryptedCard }),
  });
  if (res.ok) return { state: (await res.json()) as PaymentState, unreadable: false };
  return { state: null, unreadable: res.status === 400 };
}

export function CardDataStep(props: { sessionId: string; operationId: string; onState: (state: PaymentState) => void; texts: CheckoutTexts }) {
  const { sessionId, operationId, onState, texts } = props;
  const t = texts.cardData;
  const hydrated = useHydrated();
  const [asking, setAsking] = useState(false);
  const [expiry, setExpiry] = useState("");
  const [cvc, setCvc] = useState("");
  const [errors, setErrors] = useState<{ expiry?: string; cvc?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    const kept = keptCardData(sessionId);
    // Nothing kept in this tab: the payer is asked (after the promise, like an answer).
    const sending = kept ? send(sessionId, operationId, kept) : Promise.resolve({ state: null, unreadable: false });
    void sending
      .then((r) => {
        if (r.state) onState(r.state);
        else setAsking(true);
        if (r.unreadable) forgetCardData(sessionId);
      })
      .catch(() => setAsking(true));
  }, [sessionId, operationId, onState]);

  useEffect(() => {
    if (asking) document.getElementById(EXPIRY_ID)?.focus();
  }, [asking]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const { expiry: expiryError, cvc: cvcError } = expiryAndCodeErrors(texts, expiry, cvc);
    setErrors({ expiry: expiryError, cvc: cvcError });
    const parsed = parseExpiry(expiry);
    if (expiryError || cvcError || !parsed) {
      document.getElementById(expiryError ? EXPIRY_ID : CVC_ID)?.focus();
      return;
    }
    setBusy(true);
    try {
      const keyRes = await fetch("/api/checkout/card-key", { cache: "no-store" });
      if (!keyRes.ok) throw new Error("no card key");
      const key = (await keyRes.json()) as CardKey;
      const r = await send(sessionId, operationId, await encryptCard(key, { sid: sessionId, cvc, expMonth: parsed.month, expYear: parsed.year }));
      if (r.state) onState(r.state);
      else setErrors({ form: t.sendFailed });
    } catch {
      setErrors({ form: t.unreachable });
    } finally {
      setBusy(false);
    }
  };

  if (!asking) return null;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="mt-5 space-y-4 text-left" aria-labelledby="card-data-heading">
      <h3 id="card-data-heading" className="text-base font-semibold text-slate-900">
        {t.heading}
      </h3>
      <p className="text-sm text-slate-700">{t.body}</p>
      {errors.form ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {errors.form}
        </p>
      ) : null}
      <fieldset disabled={busy} className="grid grid-cols-2 gap-3">
        <legend className="sr-only">{t.legend}</legend>
        <ExpiryAndCodeFields ids={{ expiry: EXPIRY_ID, cvc: CVC_ID }} expiry={expiry} cvc={cvc} onExpiry={setExpiry} onCvc={setCvc} errors={errors} texts={texts} />
      </fieldset>
      <button type="submit" disabled={!hydrated} aria-disabled={busy || undefined} className="w-full rounded-lg bg-brand px-4 py-3 text-base font-semibold text-white shadow-sm hover:bg-brand-dark aria-disabled:cursor-wait aria-disabled:opacity-80">
        {t.finish}
      </button>
    </form>
  );
}
