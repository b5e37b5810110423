import { redactString } from "@/lib/log";
import type { FinalStatus } from "@/lib/operations/status";
import { payerOutcome, type PayerMessages, type PayerOutcome } from "@/lib/providers/types";

// Paysecure's documented error messages, each with the decline code the checkout records
// and what the payer reads. The document gives messages but no codes (its `code` is only
// "error_code" in the example), so errors are recognised by their message, and the codes
// below are ours. What the payer reads is written for a person at a checkout: what
// happened, whose problem it is, and what they can do; the provider's own words are kept
// as the decline reason and in the operation's history, never shown to the payer.

type Key = (typeof ERRORS)[number]["code"] | (typeof OTHER_CODES)[keyof typeof OTHER_CODES];

export const PAYSECURE_PAYER_MESSAGES: PayerMessages<Key> = {
  en: {
    IP_NOT_MATCHED: "The shop's connection to its payment provider is not set up correctly, so this payment could not be taken. You have not been charged. Please try again later or contact the shop.",
    INVALID_CARD: "The card details were not accepted. Check the card number, expiry date and security code and try again, or use another card.",
    CARD_BLOCKED: "This card is blocked and cannot be used. Please use another card, or contact your bank.",
    KEY_TYPE_MISMATCH: "The shop's payment account is set up inconsistently, so this payment could not be taken. You have not been charged. Please contact the shop or try again later.",
    CHARGES_INCOMPLETE: "The shop has not finished setting up card payments with its payment provider. This is not a problem with your card, and you have not been charged. Please contact the shop.",
    ATTEMPTS_CONSUMED: "This order has reached the maximum number of payment attempts, so it cannot be paid here any more. You have not been charged. Return to the shop to place the order again.",
    INVALID_EXPIRY: "The card's expiry date was not accepted: the card must still be valid. Check the date on the card and try again, or use another card.",
    CUSTOMER_BLOCKED: "The payment provider cannot accept payments for this order's customer account. You have not been charged. Please contact the shop.",
    NOT_ALLOWED: "This card cannot be used for this payment. Please use another card, or contact your bank.",
    PAYSECURE_REFUSED: "The payment provider did not accept this payment, and you have not been charged. Please try again, or use another card.",
    DECLINED: "Your bank declined the payment. Try another card or contact your bank.",
    "3DS_FAILED": "The payment was not confirmed with your bank (3-D Secure), so nothing was taken. Try again, or use another card.",
    CARD_NOT_RECEIVED: "The payment provider confirmed that it never received your card, so you have not been charged. Please try again.",
    PURCHASE_ENDED: "The payment was not completed in time, so you have not been charged. Please try again.",
    ACCOUNT_INCOMPLETE: "The shop's card payments are not fully set up, so this payment could not be taken. You have not been charged. Please contact the shop.",
  },
  pl: {
    IP_NOT_MATCHED: "Połączenie sklepu z operatorem płatności jest źle skonfigurowane, więc nie można przyjąć tej płatności. Nie pobrano żadnych środków. Spróbuj później lub skontaktuj się ze sklepem.",
    INVALID_CARD: "Dane karty nie zostały przyjęte. Sprawdź numer karty, datę ważności i kod bezpieczeństwa i spróbuj ponownie lub użyj innej karty.",
    CARD_BLOCKED: "Ta karta jest zablokowana i nie można jej użyć. Użyj innej karty lub skontaktuj się z bankiem.",
    KEY_TYPE_MISMATCH: "Konto płatności sklepu jest niespójnie skonfigurowane, więc nie można przyjąć tej płatności. Nie pobrano żadnych środków. Skontaktuj się ze sklepem lub spróbuj później.",
    CHARGES_INCOMPLETE: "Sklep nie dokończył konfiguracji płatności kartą u operatora. To nie jest problem z Twoją kartą i nie pobrano żadnych środków. Skontaktuj się ze sklepem.",
    ATTEMPTS_CONSUMED: "To zamówienie osiągnęło limit prób płatności, więc nie można go już tu opłacić. Nie pobrano żadnych środków. Wróć do sklepu i złóż zamówienie ponownie.",
    INVALID_EXPIRY: "Data ważności karty nie została przyjęta: karta musi być ważna. Sprawdź datę na karcie i spróbuj ponownie lub użyj innej karty.",
    CUSTOMER_BLOCKED: "Operator płatności nie może przyjmować płatności dla konta klienta tego zamówienia. Nie pobrano żadnych środków. Skontaktuj się ze sklepem.",
    NOT_ALLOWED: "Tej karty nie można użyć do tej płatności. Użyj innej karty lub skontaktuj się z bankiem.",
    PAYSECURE_REFUSED: "Operator płatności nie przyjął tej płatności i nie pobrano żadnych środków. Spróbuj ponownie lub użyj innej karty.",
    DECLINED: "Twój bank odrzucił płatność. Użyj innej karty lub skontaktuj się z bankiem.",
    "3DS_FAILED": "Płatność nie została potwierdzona w banku (3-D Secure), więc nic nie pobrano. Spróbuj ponownie lub użyj innej karty.",
    CARD_NOT_RECEIVED: "Operator płatności potwierdził, że nie otrzymał Twojej karty, więc nie pobrano żadnych środków. Spróbuj ponownie.",
    PURCHASE_ENDED: "Płatność nie została dokończona na czas, więc nie pobrano żadnych środków. Spróbuj ponownie.",
    ACCOUNT_INCOMPLETE: "Płatności kartą w sklepie nie są w pełni skonfigurowane, więc nie można przyjąć tej płatności. Nie pobrano żadnych środków. Skontaktuj się ze sklepem.",
  },
  de: {
    IP_NOT_MATCHED: "Die Verbindung des Shops zu seinem Zahlungsanbieter ist nicht richtig eingerichtet, daher konnte diese Zahlung nicht angenommen werden. Sie wurden nicht belastet. Versuchen Sie es später erneut oder wenden Sie sich an den Shop.",
    INVALID_CARD: "Die Kartendaten wurden nicht angenommen. Prüfen Sie Kartennummer, Ablaufdatum und Sicherheitscode und versuchen Sie es erneut, oder verwenden Sie eine andere Karte.",
    CARD_BLOCKED: "Diese Karte ist gesperrt und kann nicht verwendet werden. Verwenden Sie eine andere Karte oder wenden Sie sich an Ihre Bank.",
    KEY_TYPE_MISMATCH: "Das Zahlungskonto des Shops ist uneinheitlich eingerichtet, daher konnte diese Zahlung nicht angenommen werden. Sie wurden nicht belastet. Wenden Sie sich an den Shop oder versuchen Sie es später erneut.",
    CHARGES_INCOMPLETE: "Der Shop hat die Kartenzahlung bei seinem Zahlungsanbieter noch nicht fertig eingerichtet. Das liegt nicht an Ihrer Karte, und Sie wurden nicht belastet. Bitte wenden Sie sich an den Shop.",
    ATTEMPTS_CONSUMED: "Für diese Bestellung ist die Höchstzahl an Zahlungsversuchen erreicht, sie kann hier nicht mehr bezahlt werden. Sie wurden nicht belastet. Kehren Sie zum Shop zurück, um erneut zu bestellen.",
    INVALID_EXPIRY: "Das Ablaufdatum der Karte wurde nicht angenommen: Die Karte muss noch gültig sein. Prüfen Sie das Datum auf der Karte und versuchen Sie es erneut, oder verwenden Sie eine andere Karte.",
    CUSTOMER_BLOCKED: "Der Zahlungsanbieter kann für das Kundenkonto dieser Bestellung keine Zahlungen annehmen. Sie wurden nicht belastet. Bitte wenden Sie sich an den Shop.",
    NOT_ALLOWED: "Diese Karte kann für diese Zahlung nicht verwendet werden. Verwenden Sie eine andere Karte oder wenden Sie sich an Ihre Bank.",
    PAYSECURE_REFUSED: "Der Zahlungsanbieter hat diese Zahlung nicht angenommen, und Sie wurden nicht belastet. Versuchen Sie es erneut oder verwenden Sie eine andere Karte.",
    DECLINED: "Ihre Bank hat die Zahlung abgelehnt. Verwenden Sie eine andere Karte oder wenden Sie sich an Ihre Bank.",
    "3DS_FAILED": "Die Zahlung wurde bei Ihrer Bank nicht bestätigt (3-D Secure), es wurde nichts abgebucht. Versuchen Sie es erneut oder verwenden Sie eine andere Karte.",
    CARD_NOT_RECEIVED: "Der Zahlungsanbieter hat bestätigt, dass er Ihre Karte nie erhalten hat; Sie wurden nicht belastet. Bitte versuchen Sie es erneut.",
    PURCHASE_ENDED: "Die Zahlung wurde nicht rechtzeitig abgeschlossen; Sie wurden nicht belastet. Bitte versuchen Sie es erneut.",
    ACCOUNT_INCOMPLETE: "Die Kartenzahlung des Shops ist nicht vollständig eingerichtet, daher konnte diese Zahlung nicht angenommen werden. Sie wurden nicht belastet. Bitte wenden Sie sich an den Shop.",
  },
  es: {
    IP_NOT_MATCHED: "La conexión de la tienda con su proveedor de pagos no está bien configurada, así que no se pudo cobrar este pago. No se te ha cobrado. Inténtalo más tarde o contacta con la tienda.",
    INVALID_CARD: "No se aceptaron los datos de la tarjeta. Revisa el número, la fecha de caducidad y el código de seguridad e inténtalo de nuevo, o usa otra tarjeta.",
    CARD_BLOCKED: "Esta tarjeta está bloqueada y no se puede usar. Usa otra tarjeta o contacta con tu banco.",
    KEY_TYPE_MISMATCH: "La cuenta de pagos de la tienda está configurada de forma incoherente, así que no se pudo cobrar este pago. No se te ha cobrado. Contacta con la tienda o inténtalo más tarde.",
    CHARGES_INCOMPLETE: "La tienda no ha terminado de configurar los pagos con tarjeta con su proveedor. No es un problema de tu tarjeta y no se te ha cobrado. Contacta con la tienda.",
    ATTEMPTS_CONSUMED: "Este pedido ha alcanzado el número máximo de intentos de pago, así que ya no se puede pagar aquí. No se te ha cobrado. Vuelve a la tienda para hacer el pedido de nuevo.",
    INVALID_EXPIRY: "No se aceptó la fecha de caducidad: la tarjeta debe seguir vigente. Revisa la fecha de la tarjeta e inténtalo de nuevo, o usa otra tarjeta.",
    CUSTOMER_BLOCKED: "El proveedor de pagos no puede aceptar pagos de la cuenta de cliente de este pedido. No se te ha cobrado. Contacta con la tienda.",
    NOT_ALLOWED: "Esta tarjeta no se puede usar para este pago. Usa otra tarjeta o contacta con tu banco.",
    PAYSECURE_REFUSED: "El proveedor de pagos no aceptó este pago y no se te ha cobrado. Inténtalo de nuevo o usa otra tarjeta.",
    DECLINED: "Tu banco rechazó el pago. Prueba otra tarjeta o contacta con tu banco.",
    "3DS_FAILED": "El pago no se confirmó con tu banco (3-D Secure), así que no se cobró nada. Inténtalo de nuevo o usa otra tarjeta.",
    CARD_NOT_RECEIVED: "El proveedor de pagos confirmó que nunca recibió tu tarjeta, así que no se te ha cobrado. Inténtalo de nuevo.",
    PURCHASE_ENDED: "El pago no se completó a tiempo, así que no se te ha cobrado. Inténtalo de nuevo.",
    ACCOUNT_INCOMPLETE: "Los pagos con tarjeta de la tienda no están del todo configurados, así que no se pudo cobrar este pago. No se te ha cobrado. Contacta con la tienda.",
  },
  fr: {
    IP_NOT_MATCHED: "La connexion de la boutique à son prestataire de paiement est mal configurée, ce paiement n'a donc pas pu être pris. Vous n'avez pas été débité. Réessayez plus tard ou contactez la boutique.",
    INVALID_CARD: "Les données de la carte n'ont pas été acceptées. Vérifiez le numéro, la date d'expiration et le code de sécurité puis réessayez, ou utilisez une autre carte.",
    CARD_BLOCKED: "Cette carte est bloquée et ne peut pas être utilisée. Utilisez une autre carte ou contactez votre banque.",
    KEY_TYPE_MISMATCH: "Le compte de paiement de la boutique est configuré de manière incohérente, ce paiement n'a donc pas pu être pris. Vous n'avez pas été débité. Contactez la boutique ou réessayez plus tard.",
    CHARGES_INCOMPLETE: "La boutique n'a pas terminé de configurer les paiements par carte auprès de son prestataire. Votre carte n'est pas en cause et vous n'avez pas été débité. Veuillez contacter la boutique.",
    ATTEMPTS_CONSUMED: "Cette commande a atteint le nombre maximal de tentatives de paiement et ne peut plus être payée ici. Vous n'avez pas été débité. Revenez à la boutique pour repasser commande.",
    INVALID_EXPIRY: "La date d'expiration de la carte n'a pas été acceptée : la carte doit être encore valide. Vérifiez la date sur la carte et réessayez, ou utilisez une autre carte.",
    CUSTOMER_BLOCKED: "Le prestataire de paiement ne peut pas accepter de paiements pour le compte client de cette commande. Vous n'avez pas été débité. Veuillez contacter la boutique.",
    NOT_ALLOWED: "Cette carte ne peut pas être utilisée pour ce paiement. Utilisez une autre carte ou contactez votre banque.",
    PAYSECURE_REFUSED: "Le prestataire de paiement n'a pas accepté ce paiement et vous n'avez pas été débité. Réessayez ou utilisez une autre carte.",
    DECLINED: "Votre banque a refusé le paiement. Essayez une autre carte ou contactez votre banque.",
    "3DS_FAILED": "Le paiement n'a pas été confirmé auprès de votre banque (3-D Secure), rien n'a donc été prélevé. Réessayez ou utilisez une autre carte.",
    CARD_NOT_RECEIVED: "Le prestataire de paiement a confirmé n'avoir jamais reçu votre carte ; vous n'avez pas été débité. Veuillez réessayer.",
    PURCHASE_ENDED: "Le paiement n'a pas été finalisé à temps ; vous n'avez pas été débité. Veuillez réessayer.",
    ACCOUNT_INCOMPLETE: "Les paiements par carte de la boutique ne sont pas entièrement configurés, ce paiement n'a donc pas pu être pris. Vous n'avez pas été débité. Veuillez contacter la boutique.",
  },
};

const out = (key: Key, retry: PayerOutcome["retry"]) => payerOutcome(PAYSECURE_PAYER_MESSAGES, key, retry);

const ERRORS = [
  // The shop's server is not on the address list Paysecure knows for it.
  { message: "Client Ip could not be matched with Merchant Ip", code: "IP_NOT_MATCHED", retry: "try_again" },
  { message: "Invalid Card Information", code: "INVALID_CARD", retry: "try_again" },
  { message: "Card is Blocked", code: "CARD_BLOCKED", retry: "another_card" },
  // Test and live keys mixed up in the shop's account: nothing the payer did.
  { message: "Different Type of key used to create purchase and payment", code: "KEY_TYPE_MISMATCH", retry: "try_again" },
  { message: "You charges setting is incomplete. Please Contact to administrator", code: "CHARGES_INCOMPLETE", retry: "try_again" },
  { message: "Allowed Attempt for this Transaction has been consumed", code: "ATTEMPTS_CONSUMED", retry: "none" },
  { message: "Invalid Card Expiry(Valid Format:MM/YY) must be greater than current month/year", code: "INVALID_EXPIRY", retry: "try_again" },
  // The block is on the customer (the email the order carries): no card or retry here helps.
  { message: "Customer profile is Blocked", code: "CUSTOMER_BLOCKED", retry: "none" },
  { message: "Customer/Card not allowed for transaction", code: "NOT_ALLOWED", retry: "another_card" },
] as const;

export const PAYSECURE_ERRORS = ERRORS.map((e) => ({ message: e.message, code: e.code, outcome: out(e.code, e.retry) }));

export type PaysecureErrorCode = (typeof ERRORS)[number]["code"];

/** Codes for what the document does not list: facts read back after the payer's redirect, and the unknown. */
export const OTHER_CODES = {
  /** A refusal whose message is not one of the documented nine. */
  unrecognised: "PAYSECURE_REFUSED",
  /** The purchase ended in error after the redirect: the issuer declined. */
  declined: "DECLINED",
  /** The purchase ended in error at 3-D Secure. */
  threeDsFailed: "3DS_FAILED",
  /** Paysecure never took the card: the purchase is still unpaid, long after it was sent. */
  cardNotReceived: "CARD_NOT_RECEIVED",
  /** The purchase expired or was cancelled at Paysecure before it was paid. */
  purchaseEnded: "PURCHASE_ENDED",
  /** The merchant's Paysecure account lacks a credential; nothing was sent. */
  accountIncomplete: "ACCOUNT_INCOMPLETE",
} as const;

const OTHER_OUTCOMES: Record<string, PayerOutcome> = {
  [OTHER_CODES.declined]: out("DECLINED", "another_card"),
  [OTHER_CODES.threeDsFailed]: out("3DS_FAILED", "try_again"),
  [OTHER_CODES.cardNotReceived]: out("CARD_NOT_RECEIVED", "try_again"),
  [OTHER_CODES.purchaseEnded]: out("PURCHASE_ENDED", "try_again"),
  [OTHER_CODES.accountIncomplete]: out("ACCOUNT_INCOMPLETE", "try_again"),
};

const UNRECOGNISED_REFUSAL = out("PAYSECURE_REFUSED", "another_card");
const UNRECOGNISED_DECLINE: PayerOutcome = OTHER_OUTCOMES[OTHER_CODES.declined] ?? UNRECOGNISED_REFUSAL;

/** Case, spacing and a trailing full stop vary between renditions of the same message. */
function normalise(message: string): string {
  return message.trim().replace(/\s+/g, " ").replace(/\.$/, "").toLowerCase();
}

type DocumentedError = (typeof PAYSECURE_ERRORS)[number];
const BY_MESSAGE = new Map<string, DocumentedError>(PAYSECURE_ERRORS.map((e) => [normalise(e.message), e]));
const BY_CODE = new Map<string, PayerOutcome>([...PAYSECURE_ERRORS.map((e) => [e.code, e.outcome] as const), ...Object.entries(OTHER_OUTCOMES)]);

/** The documented error a message names, if any. */
export function documentedError(message: string | null | undefined): DocumentedError | null {
  return message ? (BY_MESSAGE.get(normalise(message)) ?? null) : null;
}

/**
 * The decline the checkout records for a Paysecure error body: our code, and the
 * provider's own words as the reason (card-number shapes masked, length bounded).
 */
export function declineOf(body: { message?: string | null; code?: string | number | null }, fallbackCode: string = OTHER_CODES.unrecognised): { code: string; reason: string } {
  const known = documentedError(body.message);
  const reason = redactString((body.message ?? "").trim()).slice(0, 300) || (body.code !== null && body.code !== undefined ? String(body.code) : fallbackCode);
  return { code: known?.code ?? fallbackCode, reason };
}

/** What the payer reads for a final non-success the connector recorded. */
export function paysecurePayerOutcome(outcome: { status: FinalStatus; declineCode: string | null; declineReason: string | null }): PayerOutcome {
  const byCode = outcome.declineCode ? BY_CODE.get(outcome.declineCode) : undefined;
  if (byCode) return byCode;
  // A decline recorded before its code was known still names a documented message.
  const byReason = documentedError(outcome.declineReason);
  if (byReason) return byReason.outcome;
  return outcome.status === "declined" ? UNRECOGNISED_DECLINE : UNRECOGNISED_REFUSAL;
}
