import type { CSSProperties, ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { MerchantHeader } from "@/components/MerchantHeader";
import type { PaymentPage } from "@/lib/checkout/load-payment-page";
import { requestLocale } from "@/lib/checkout/payer-texts";
import { CATALOGS } from "@/lib/i18n/catalogs";
import { INTL_LOCALE, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { TestModeHints } from "./TestModeHints";

/**
 * The frame every step of the hosted page shares: who is asking for how much, in the
 * merchant's colours, with its legal links. The way back to the merchant belongs to each
 * step (cancel while paying, return once done), except where the shell has nothing else
 * to offer (showCancel).
 */
export async function CheckoutShell({ page, children, showCancel = false }: { page: PaymentPage; children: ReactNode; showCancel?: boolean }) {
  const { session, merchant } = page;
  const t = await getTranslations("Page");
  const locale = await requestLocale();
  // Every brand-coloured thing on the page (buttons, links, focus rings) reads these
  // variables; the shade is already darkened to 4.5:1 against the page. The accent bar
  // carries no text, so it shows the colour exactly as the merchant chose it.
  const brandVars = merchant.palette
    ? ({ "--color-brand": merchant.palette.brand, "--color-brand-dark": merchant.palette.brandDark, "--color-brand-accent": merchant.palette.chosen } as CSSProperties)
    : undefined;
  return (
    <div style={brandVars} className="mx-auto w-full max-w-md px-3 py-4 sm:px-6 sm:py-10">
      <main>
        <div className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          <div aria-hidden="true" className="h-1.5" style={{ backgroundColor: "var(--color-brand-accent, var(--color-brand))" }} data-testid="brand-accent" />
          <div className="p-4 sm:p-6">
            <MerchantHeader name={merchant.name} logoUrl={merchant.logoUrl} amount={session.amount} currency={session.currency} description={session.description} locale={INTL_LOCALE[locale]} />
            <div className="mt-5 border-t border-slate-100 pt-5">{children}</div>
          </div>
        </div>
        {showCancel ? (
          <p className="mt-4 text-center">
            <a href={page.cancelUrl} className="text-sm font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900">
              {t("cancelAndReturn", { merchant: merchant.name })}
            </a>
          </p>
        ) : null}
        {page.testHints ? <TestModeHints hints={page.testHints} labels={CATALOGS[locale].TestMode} locale={locale} /> : null}
      </main>
      <footer className="mt-6 space-y-2 text-center text-xs text-slate-600">
        <p className="flex items-start justify-center gap-1.5">
          <svg aria-hidden="true" viewBox="0 0 16 16" className="h-3.5 w-3.5 shrink-0 fill-current">
            <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z" />
          </svg>
          {t("encrypted")}
        </p>
        <LanguageSwitcher sessionId={session.id} current={locale} label={t("language")} currentLabel={t("languageCurrent")} />
        {merchant.termsUrl || merchant.privacyUrl ? (
          <nav aria-label={t("policies", { merchant: merchant.name })}>
            <ul className="flex flex-wrap justify-center gap-x-4 gap-y-1">
              {merchant.termsUrl ? (
                <li>
                  <LegalLink href={merchant.termsUrl} newTab={t("newTab")}>
                    {t("terms")}
                  </LegalLink>
                </li>
              ) : null}
              {merchant.privacyUrl ? (
                <li>
                  <LegalLink href={merchant.privacyUrl} newTab={t("newTab")}>
                    {t("privacy")}
                  </LegalLink>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </footer>
    </div>
  );
}

/** Opens beside the payment, so reading the merchant's terms never loses the form. */
function LegalLink({ href, children, newTab }: { href: string; children: ReactNode; newTab: string }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="inline-block py-1 font-medium text-brand underline underline-offset-2 hover:text-brand-dark">
      {children}
      <span className="sr-only"> {newTab}</span>
    </a>
  );
}

/**
 * Plain links, so the choice works before (or without) the page's scripts: the server
 * keeps it in a cookie and sends the payer back to the same payment. Each language is
 * named in itself and marked with its lang, so a screen reader pronounces it right.
 */
function LanguageSwitcher({ sessionId, current, label, currentLabel }: { sessionId: string; current: Locale; label: string; currentLabel: string }) {
  return (
    <nav aria-label={label} data-testid="language-switcher">
      <ul className="flex flex-wrap justify-center gap-x-3 gap-y-1">
        {LOCALES.map((l) => (
          <li key={l}>
            {l === current ? (
              <span aria-current="true" className="inline-block py-1 font-semibold text-slate-900" lang={l}>
                {LOCALE_NAMES[l]}
                <span className="sr-only"> {currentLabel}</span>
              </span>
            ) : (
              <a href={`/pay/${sessionId}/language?lang=${l}`} lang={l} hrefLang={l} className="inline-block py-1 text-slate-600 underline underline-offset-2 hover:text-slate-900">
                {LOCALE_NAMES[l]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
