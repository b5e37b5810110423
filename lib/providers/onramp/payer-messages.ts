import { payerOutcome, type PayerMessages, type PayerOutcome } from "@/lib/providers/types";
import type { OnrampErrorReason } from "./schemas";

// What the payer reads for each documented ON/RAMP decline reason, in every payer locale.
// Written for a person at a checkout: what happened, and what they can do about it.
type Key = OnrampErrorReason | "NOT_RECEIVED" | "FALLBACK";

export const ONRAMP_PAYER_MESSAGES: PayerMessages<Key> = {
  en: {
    DO_NOT_HONOR: "Your bank declined the payment. Try another card or contact your bank.",
    "3DS_DECLINED": "The payment was not confirmed with your bank (3-D Secure). Try again, or use another card.",
    EXPIRED_CARD: "Your card has expired. Try another card.",
    TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "Your bank does not allow this kind of payment on your card. Try another card or contact your bank.",
    ISSUER_OFFLINE: "Your bank could not be reached. Wait a few minutes and try again, or use another card.",
    UNSUPPORTED_CARD_COUNTRY: "Cards issued in your card's country cannot be used here. Try another card.",
    INSUFFICIENT_FUNDS: "Your bank declined the payment: insufficient funds. Try another card.",
    UNSUPPORTED_CARD_TYPE: "This type of card cannot be used here. Try another card.",
    UNSUPPORTED_CURRENCY: "Your card cannot be charged in this currency. Try another card.",
    INVALID_CARDNUMBER: "The card number is not valid. Check it and try again.",
    CVV2_FAILURE: "The security code did not match. Check the code on the back of your card and try again.",
    UNSPECIFIED_CC_ERR: "The payment could not be completed. Try again or use another card.",
    NOT_RECEIVED: "Your bank did not transfer the funds. Try again or choose another way to pay.",
    FALLBACK: "The payment was declined. Try again or use another card.",
  },
  pl: {
    DO_NOT_HONOR: "Twój bank odrzucił płatność. Użyj innej karty lub skontaktuj się z bankiem.",
    "3DS_DECLINED": "Płatność nie została potwierdzona w banku (3-D Secure). Spróbuj ponownie lub użyj innej karty.",
    EXPIRED_CARD: "Twoja karta straciła ważność. Użyj innej karty.",
    TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "Twój bank nie zezwala na tego rodzaju płatności tą kartą. Użyj innej karty lub skontaktuj się z bankiem.",
    ISSUER_OFFLINE: "Nie udało się połączyć z Twoim bankiem. Odczekaj kilka minut i spróbuj ponownie lub użyj innej karty.",
    UNSUPPORTED_CARD_COUNTRY: "Nie można tu używać kart wydanych w kraju Twojej karty. Użyj innej karty.",
    INSUFFICIENT_FUNDS: "Twój bank odrzucił płatność: brak wystarczających środków. Użyj innej karty.",
    UNSUPPORTED_CARD_TYPE: "Tego rodzaju karty nie można tu użyć. Użyj innej karty.",
    UNSUPPORTED_CURRENCY: "Twojej karty nie można obciążyć w tej walucie. Użyj innej karty.",
    INVALID_CARDNUMBER: "Numer karty jest nieprawidłowy. Sprawdź go i spróbuj ponownie.",
    CVV2_FAILURE: "Kod bezpieczeństwa się nie zgadza. Sprawdź kod na odwrocie karty i spróbuj ponownie.",
    UNSPECIFIED_CC_ERR: "Nie udało się zrealizować płatności. Spróbuj ponownie lub użyj innej karty.",
    NOT_RECEIVED: "Twój bank nie przelał środków. Spróbuj ponownie lub wybierz inny sposób płatności.",
    FALLBACK: "Płatność została odrzucona. Spróbuj ponownie lub użyj innej karty.",
  },
  de: {
    DO_NOT_HONOR: "Ihre Bank hat die Zahlung abgelehnt. Verwenden Sie eine andere Karte oder wenden Sie sich an Ihre Bank.",
    "3DS_DECLINED": "Die Zahlung wurde bei Ihrer Bank nicht bestätigt (3-D Secure). Versuchen Sie es erneut oder verwenden Sie eine andere Karte.",
    EXPIRED_CARD: "Ihre Karte ist abgelaufen. Verwenden Sie eine andere Karte.",
    TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "Ihre Bank erlaubt diese Art von Zahlung mit Ihrer Karte nicht. Verwenden Sie eine andere Karte oder wenden Sie sich an Ihre Bank.",
    ISSUER_OFFLINE: "Ihre Bank war nicht erreichbar. Warten Sie einige Minuten und versuchen Sie es erneut, oder verwenden Sie eine andere Karte.",
    UNSUPPORTED_CARD_COUNTRY: "Karten aus dem Ausgabeland Ihrer Karte werden hier nicht akzeptiert. Verwenden Sie eine andere Karte.",
    INSUFFICIENT_FUNDS: "Ihre Bank hat die Zahlung abgelehnt: Deckung nicht ausreichend. Verwenden Sie eine andere Karte.",
    UNSUPPORTED_CARD_TYPE: "Diese Kartenart wird hier nicht akzeptiert. Verwenden Sie eine andere Karte.",
    UNSUPPORTED_CURRENCY: "Ihre Karte kann in dieser Währung nicht belastet werden. Verwenden Sie eine andere Karte.",
    INVALID_CARDNUMBER: "Die Kartennummer ist ungültig. Prüfen Sie sie und versuchen Sie es erneut.",
    CVV2_FAILURE: "Der Sicherheitscode stimmt nicht. Prüfen Sie den Code auf der Kartenrückseite und versuchen Sie es erneut.",
    UNSPECIFIED_CC_ERR: "Die Zahlung konnte nicht abgeschlossen werden. Versuchen Sie es erneut oder verwenden Sie eine andere Karte.",
    NOT_RECEIVED: "Ihre Bank hat das Geld nicht überwiesen. Versuchen Sie es erneut oder wählen Sie eine andere Zahlungsart.",
    FALLBACK: "Die Zahlung wurde abgelehnt. Versuchen Sie es erneut oder verwenden Sie eine andere Karte.",
  },
  es: {
    DO_NOT_HONOR: "Tu banco rechazó el pago. Prueba otra tarjeta o contacta con tu banco.",
    "3DS_DECLINED": "El pago no se confirmó con tu banco (3-D Secure). Inténtalo de nuevo o usa otra tarjeta.",
    EXPIRED_CARD: "Tu tarjeta ha caducado. Prueba otra tarjeta.",
    TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "Tu banco no permite este tipo de pago con tu tarjeta. Prueba otra tarjeta o contacta con tu banco.",
    ISSUER_OFFLINE: "No se pudo contactar con tu banco. Espera unos minutos e inténtalo de nuevo, o usa otra tarjeta.",
    UNSUPPORTED_CARD_COUNTRY: "Aquí no se aceptan tarjetas emitidas en el país de tu tarjeta. Prueba otra tarjeta.",
    INSUFFICIENT_FUNDS: "Tu banco rechazó el pago: fondos insuficientes. Prueba otra tarjeta.",
    UNSUPPORTED_CARD_TYPE: "Aquí no se acepta este tipo de tarjeta. Prueba otra tarjeta.",
    UNSUPPORTED_CURRENCY: "No se puede cobrar en esta moneda con tu tarjeta. Prueba otra tarjeta.",
    INVALID_CARDNUMBER: "El número de tarjeta no es válido. Revísalo e inténtalo de nuevo.",
    CVV2_FAILURE: "El código de seguridad no coincide. Revisa el código del reverso de tu tarjeta e inténtalo de nuevo.",
    UNSPECIFIED_CC_ERR: "No se pudo completar el pago. Inténtalo de nuevo o usa otra tarjeta.",
    NOT_RECEIVED: "Tu banco no transfirió los fondos. Inténtalo de nuevo o elige otra forma de pago.",
    FALLBACK: "El pago fue rechazado. Inténtalo de nuevo o usa otra tarjeta.",
  },
  fr: {
    DO_NOT_HONOR: "Votre banque a refusé le paiement. Essayez une autre carte ou contactez votre banque.",
    "3DS_DECLINED": "Le paiement n'a pas été confirmé auprès de votre banque (3-D Secure). Réessayez ou utilisez une autre carte.",
    EXPIRED_CARD: "Votre carte a expiré. Essayez une autre carte.",
    TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "Votre banque n'autorise pas ce type de paiement avec votre carte. Essayez une autre carte ou contactez votre banque.",
    ISSUER_OFFLINE: "Votre banque est injoignable. Patientez quelques minutes et réessayez, ou utilisez une autre carte.",
    UNSUPPORTED_CARD_COUNTRY: "Les cartes émises dans le pays de votre carte ne sont pas acceptées ici. Essayez une autre carte.",
    INSUFFICIENT_FUNDS: "Votre banque a refusé le paiement : provision insuffisante. Essayez une autre carte.",
    UNSUPPORTED_CARD_TYPE: "Ce type de carte n'est pas accepté ici. Essayez une autre carte.",
    UNSUPPORTED_CURRENCY: "Votre carte ne peut pas être débitée dans cette devise. Essayez une autre carte.",
    INVALID_CARDNUMBER: "Le numéro de carte n'est pas valide. Vérifiez-le et réessayez.",
    CVV2_FAILURE: "Le code de sécurité ne correspond pas. Vérifiez le code au dos de votre carte et réessayez.",
    UNSPECIFIED_CC_ERR: "Le paiement n'a pas pu aboutir. Réessayez ou utilisez une autre carte.",
    NOT_RECEIVED: "Votre banque n'a pas transféré les fonds. Réessayez ou choisissez un autre moyen de paiement.",
    FALLBACK: "Le paiement a été refusé. Réessayez ou utilisez une autre carte.",
  },
};

const RETRY: Record<Key, PayerOutcome["retry"]> = {
  DO_NOT_HONOR: "another_card",
  "3DS_DECLINED": "try_again",
  EXPIRED_CARD: "another_card",
  TRANSACTION_NOT_PERMITTED_TO_CARDHOLDER: "another_card",
  ISSUER_OFFLINE: "try_again",
  UNSUPPORTED_CARD_COUNTRY: "another_card",
  INSUFFICIENT_FUNDS: "another_card",
  UNSUPPORTED_CARD_TYPE: "another_card",
  UNSUPPORTED_CURRENCY: "another_card",
  INVALID_CARDNUMBER: "try_again",
  CVV2_FAILURE: "try_again",
  UNSPECIFIED_CC_ERR: "try_again",
  NOT_RECEIVED: "try_again",
  FALLBACK: "another_card",
};

const isKey = (reason: string): reason is Key => Object.hasOwn(RETRY, reason);

/** A human reading of an ON/RAMP decline reason; unknown reasons get a general one. */
export function onrampPayerOutcome(reason: string | null | undefined): PayerOutcome {
  const key: Key = reason && isKey(reason) ? reason : "FALLBACK";
  return payerOutcome(ONRAMP_PAYER_MESSAGES, key, RETRY[key]);
}

/** The payer's message alone, for callers that only show text. */
export function onrampPayerMessage(reason: string | null | undefined): string {
  return onrampPayerOutcome(reason).message;
}
