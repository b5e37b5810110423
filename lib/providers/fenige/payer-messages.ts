import { payerOutcome, type PayerMessages, type PayerOutcome } from "@/lib/providers/types";
import type { FenigeErrorStatus } from "./schemas";

// What the payer reads for every way a Fenige payment can end without success: each
// documented errorStatus, each authentication result that is not a pass, and the codes the
// connector records itself, in every payer locale. Every "not charged" here is true by
// construction: these are either refusals (4xx) or failures before send-money was sent.

/** The connector's own decline codes, beside Fenige's errorStatus values. */
export const FENIGE_DECLINE_CODES = [
  "AUTHENTICATION_N",
  "AUTHENTICATION_R",
  "AUTHENTICATION_U",
  "AUTHENTICATION_OTHER",
  "AUTHENTICATION_UNREADABLE",
  "NOT_ANSWERED",
  "CHALLENGE_TIMEOUT",
  "CHALLENGE_CANCELLED",
  "AUTHENTICATION_ABANDONED",
  "CARD_DATA_EXPIRED",
  "CARD_DATA_NOT_SENT",
  "SEND_MONEY_FAILURE",
] as const;
export type FenigeDeclineCode = (typeof FENIGE_DECLINE_CODES)[number];

type Key =
  | FenigeDeclineCode
  | "SERVICE_PROBLEM"
  | "SHOP_CANNOT_RECEIVE"
  | "SERVICE_UNUSABLE"
  | "ERROR_VALIDATION"
  | "INVALID_PHONE_NUMBERS"
  | "ERROR_SENDER_CARD_NOT_ACTIVE"
  | "ERROR_SENDER_CARD_IS_BLOCKED"
  | "ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER"
  | "ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE"
  | "ERROR_WHILE_GETTING_COUNTRY_CODE"
  | "CANT_FIND_CARD"
  | "PROCESS_NOT_ALLOWED"
  | "FALLBACK"
  // Not outcomes: what the wallet lookup and the billing check tell the payer's form.
  | "NO_WALLET"
  | "STREET_AND_NUMBER";

export const FENIGE_PAYER_MESSAGES: PayerMessages<Key> = {
  en: {
    SERVICE_PROBLEM: "The payment service had a problem. You have not been charged; please try again in a few minutes.",
    SHOP_CANNOT_RECEIVE: "The shop cannot receive this payment through the wallet right now. You have not been charged; please try again later or pay another way.",
    SERVICE_UNUSABLE: "The wallet payment service cannot be used right now. You have not been charged; please try again later.",
    ERROR_VALIDATION: "Some payment details were not accepted. Check them and try again; you have not been charged.",
    INVALID_PHONE_NUMBERS: "The phone number was not accepted. Enter it with the country code, for example +48 500 000 001.",
    ERROR_SENDER_CARD_NOT_ACTIVE: "The card in your wallet is not active. Activate it in your wallet app, or pay another way.",
    ERROR_SENDER_CARD_IS_BLOCKED: "The card in your wallet is blocked. Contact the bank that issued it, or pay another way.",
    ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: "This shop does not accept cards of this kind. You have not been charged; pay with another card.",
    ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: "The country of your wallet card could not be determined, so it cannot be used here. Pay with another card.",
    ERROR_WHILE_GETTING_COUNTRY_CODE: "The country of a card in this payment could not be determined. You have not been charged; pay with another card.",
    CANT_FIND_CARD: "The card in your wallet could not be found. Check the phone number, or pay another way.",
    PROCESS_NOT_ALLOWED: "The payment steps did not happen in the expected order. You have not been charged; please try again.",
    AUTHENTICATION_N: "Your bank did not confirm the payment (3-D Secure). Try again, or pay with another card.",
    AUTHENTICATION_R: "Your bank refused this payment when verifying it. Pay with another card or contact your bank.",
    AUTHENTICATION_U: "Your bank could not verify the payment right now. You have not been charged; try again in a few minutes, or pay with another card.",
    AUTHENTICATION_OTHER: "Your bank did not complete the verification of this payment. You have not been charged; please try again.",
    AUTHENTICATION_UNREADABLE: "The verification with your bank could not be completed. You have not been charged; please try again.",
    NOT_ANSWERED: "The payment service did not answer while checking your payment. You have not been charged; please try again.",
    CHALLENGE_TIMEOUT: "The verification with your bank was not completed in time. You have not been charged; you can try again.",
    CHALLENGE_CANCELLED: "You closed the verification with your bank. You have not been charged; you can try again.",
    AUTHENTICATION_ABANDONED: "The verification with your bank was not finished. You have not been charged; you can try again.",
    CARD_DATA_EXPIRED: "Your security code could not be read for this payment. You have not been charged; enter it again to pay.",
    CARD_DATA_NOT_SENT: "The payment was not finished: your card's security code was not confirmed in time. You have not been charged; you can try again.",
    SEND_MONEY_FAILURE: "Your bank declined the payment. Try again, or pay with another card.",
    FALLBACK: "The payment did not go through. Try again, or pay another way.",
    NO_WALLET: "No active wallet was found for this phone number. Check the number and its country code, or pay another way.",
    STREET_AND_NUMBER: "Enter the street and house number, for example Olszewskiego 17A.",
  },
  pl: {
    SERVICE_PROBLEM: "Wystąpił problem z serwisem płatności. Nie pobrano żadnych środków; spróbuj ponownie za kilka minut.",
    SHOP_CANNOT_RECEIVE: "Sklep nie może teraz przyjąć tej płatności z portfela. Nie pobrano żadnych środków; spróbuj później lub zapłać inaczej.",
    SERVICE_UNUSABLE: "Płatności z portfela są teraz niedostępne. Nie pobrano żadnych środków; spróbuj ponownie później.",
    ERROR_VALIDATION: "Niektóre dane płatności nie zostały przyjęte. Sprawdź je i spróbuj ponownie; nie pobrano żadnych środków.",
    INVALID_PHONE_NUMBERS: "Numer telefonu nie został przyjęty. Wpisz go z numerem kierunkowym kraju, np. +48 500 000 001.",
    ERROR_SENDER_CARD_NOT_ACTIVE: "Karta w Twoim portfelu jest nieaktywna. Aktywuj ją w aplikacji portfela lub zapłać inaczej.",
    ERROR_SENDER_CARD_IS_BLOCKED: "Karta w Twoim portfelu jest zablokowana. Skontaktuj się z bankiem, który ją wydał, lub zapłać inaczej.",
    ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: "Ten sklep nie przyjmuje kart tego rodzaju. Nie pobrano żadnych środków; zapłać inną kartą.",
    ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: "Nie udało się ustalić kraju karty w portfelu, więc nie można jej tu użyć. Zapłać inną kartą.",
    ERROR_WHILE_GETTING_COUNTRY_CODE: "Nie udało się ustalić kraju jednej z kart w tej płatności. Nie pobrano żadnych środków; zapłać inną kartą.",
    CANT_FIND_CARD: "Nie znaleziono karty w Twoim portfelu. Sprawdź numer telefonu lub zapłać inaczej.",
    PROCESS_NOT_ALLOWED: "Kroki płatności odbyły się w niewłaściwej kolejności. Nie pobrano żadnych środków; spróbuj ponownie.",
    AUTHENTICATION_N: "Twój bank nie potwierdził płatności (3-D Secure). Spróbuj ponownie lub zapłać inną kartą.",
    AUTHENTICATION_R: "Twój bank odrzucił tę płatność podczas weryfikacji. Zapłać inną kartą lub skontaktuj się z bankiem.",
    AUTHENTICATION_U: "Twój bank nie może teraz zweryfikować płatności. Nie pobrano żadnych środków; spróbuj za kilka minut lub zapłać inną kartą.",
    AUTHENTICATION_OTHER: "Twój bank nie dokończył weryfikacji tej płatności. Nie pobrano żadnych środków; spróbuj ponownie.",
    AUTHENTICATION_UNREADABLE: "Nie udało się dokończyć weryfikacji w banku. Nie pobrano żadnych środków; spróbuj ponownie.",
    NOT_ANSWERED: "Serwis płatności nie odpowiedział podczas sprawdzania płatności. Nie pobrano żadnych środków; spróbuj ponownie.",
    CHALLENGE_TIMEOUT: "Weryfikacja w banku nie została dokończona na czas. Nie pobrano żadnych środków; możesz spróbować ponownie.",
    CHALLENGE_CANCELLED: "Zamknięto weryfikację w banku. Nie pobrano żadnych środków; możesz spróbować ponownie.",
    AUTHENTICATION_ABANDONED: "Weryfikacja w banku nie została dokończona. Nie pobrano żadnych środków; możesz spróbować ponownie.",
    CARD_DATA_EXPIRED: "Nie udało się odczytać kodu bezpieczeństwa dla tej płatności. Nie pobrano żadnych środków; wpisz go ponownie, aby zapłacić.",
    CARD_DATA_NOT_SENT: "Płatność nie została dokończona: kod bezpieczeństwa karty nie został potwierdzony na czas. Nie pobrano żadnych środków; możesz spróbować ponownie.",
    SEND_MONEY_FAILURE: "Twój bank odrzucił płatność. Spróbuj ponownie lub zapłać inną kartą.",
    FALLBACK: "Płatność się nie powiodła. Spróbuj ponownie lub zapłać inaczej.",
    NO_WALLET: "Nie znaleziono aktywnego portfela dla tego numeru telefonu. Sprawdź numer i numer kierunkowy kraju lub zapłać inaczej.",
    STREET_AND_NUMBER: "Wpisz ulicę i numer domu, np. Olszewskiego 17A.",
  },
  de: {
    SERVICE_PROBLEM: "Beim Zahlungsdienst ist ein Problem aufgetreten. Sie wurden nicht belastet; bitte versuchen Sie es in einigen Minuten erneut.",
    SHOP_CANNOT_RECEIVE: "Der Shop kann diese Zahlung über die Wallet gerade nicht empfangen. Sie wurden nicht belastet; versuchen Sie es später oder zahlen Sie anders.",
    SERVICE_UNUSABLE: "Der Wallet-Zahlungsdienst ist gerade nicht nutzbar. Sie wurden nicht belastet; bitte versuchen Sie es später erneut.",
    ERROR_VALIDATION: "Einige Zahlungsangaben wurden nicht angenommen. Prüfen Sie sie und versuchen Sie es erneut; Sie wurden nicht belastet.",
    INVALID_PHONE_NUMBERS: "Die Telefonnummer wurde nicht angenommen. Geben Sie sie mit Ländervorwahl ein, zum Beispiel +48 500 000 001.",
    ERROR_SENDER_CARD_NOT_ACTIVE: "Die Karte in Ihrer Wallet ist nicht aktiv. Aktivieren Sie sie in Ihrer Wallet-App oder zahlen Sie anders.",
    ERROR_SENDER_CARD_IS_BLOCKED: "Die Karte in Ihrer Wallet ist gesperrt. Wenden Sie sich an die ausgebende Bank oder zahlen Sie anders.",
    ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: "Dieser Shop akzeptiert Karten dieser Art nicht. Sie wurden nicht belastet; zahlen Sie mit einer anderen Karte.",
    ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: "Das Land Ihrer Wallet-Karte konnte nicht ermittelt werden, daher kann sie hier nicht verwendet werden. Zahlen Sie mit einer anderen Karte.",
    ERROR_WHILE_GETTING_COUNTRY_CODE: "Das Land einer Karte dieser Zahlung konnte nicht ermittelt werden. Sie wurden nicht belastet; zahlen Sie mit einer anderen Karte.",
    CANT_FIND_CARD: "Die Karte in Ihrer Wallet wurde nicht gefunden. Prüfen Sie die Telefonnummer oder zahlen Sie anders.",
    PROCESS_NOT_ALLOWED: "Die Zahlungsschritte erfolgten nicht in der erwarteten Reihenfolge. Sie wurden nicht belastet; bitte versuchen Sie es erneut.",
    AUTHENTICATION_N: "Ihre Bank hat die Zahlung nicht bestätigt (3-D Secure). Versuchen Sie es erneut oder zahlen Sie mit einer anderen Karte.",
    AUTHENTICATION_R: "Ihre Bank hat diese Zahlung bei der Prüfung abgelehnt. Zahlen Sie mit einer anderen Karte oder wenden Sie sich an Ihre Bank.",
    AUTHENTICATION_U: "Ihre Bank kann die Zahlung gerade nicht prüfen. Sie wurden nicht belastet; versuchen Sie es in einigen Minuten erneut oder zahlen Sie mit einer anderen Karte.",
    AUTHENTICATION_OTHER: "Ihre Bank hat die Prüfung dieser Zahlung nicht abgeschlossen. Sie wurden nicht belastet; bitte versuchen Sie es erneut.",
    AUTHENTICATION_UNREADABLE: "Die Prüfung bei Ihrer Bank konnte nicht abgeschlossen werden. Sie wurden nicht belastet; bitte versuchen Sie es erneut.",
    NOT_ANSWERED: "Der Zahlungsdienst hat bei der Prüfung Ihrer Zahlung nicht geantwortet. Sie wurden nicht belastet; bitte versuchen Sie es erneut.",
    CHALLENGE_TIMEOUT: "Die Prüfung bei Ihrer Bank wurde nicht rechtzeitig abgeschlossen. Sie wurden nicht belastet; Sie können es erneut versuchen.",
    CHALLENGE_CANCELLED: "Sie haben die Prüfung bei Ihrer Bank geschlossen. Sie wurden nicht belastet; Sie können es erneut versuchen.",
    AUTHENTICATION_ABANDONED: "Die Prüfung bei Ihrer Bank wurde nicht beendet. Sie wurden nicht belastet; Sie können es erneut versuchen.",
    CARD_DATA_EXPIRED: "Ihr Sicherheitscode konnte für diese Zahlung nicht gelesen werden. Sie wurden nicht belastet; geben Sie ihn erneut ein, um zu zahlen.",
    CARD_DATA_NOT_SENT: "Die Zahlung wurde nicht abgeschlossen: Der Sicherheitscode Ihrer Karte wurde nicht rechtzeitig bestätigt. Sie wurden nicht belastet; Sie können es erneut versuchen.",
    SEND_MONEY_FAILURE: "Ihre Bank hat die Zahlung abgelehnt. Versuchen Sie es erneut oder zahlen Sie mit einer anderen Karte.",
    FALLBACK: "Die Zahlung ist nicht durchgegangen. Versuchen Sie es erneut oder zahlen Sie anders.",
    NO_WALLET: "Für diese Telefonnummer wurde keine aktive Wallet gefunden. Prüfen Sie die Nummer und die Ländervorwahl oder zahlen Sie anders.",
    STREET_AND_NUMBER: "Geben Sie Straße und Hausnummer ein, zum Beispiel Olszewskiego 17A.",
  },
  es: {
    SERVICE_PROBLEM: "El servicio de pago tuvo un problema. No se te ha cobrado; inténtalo de nuevo en unos minutos.",
    SHOP_CANNOT_RECEIVE: "La tienda no puede recibir este pago con el monedero ahora mismo. No se te ha cobrado; inténtalo más tarde o paga de otra forma.",
    SERVICE_UNUSABLE: "El servicio de pago con monedero no está disponible ahora. No se te ha cobrado; inténtalo más tarde.",
    ERROR_VALIDATION: "No se aceptaron algunos datos del pago. Revísalos e inténtalo de nuevo; no se te ha cobrado.",
    INVALID_PHONE_NUMBERS: "No se aceptó el número de teléfono. Introdúcelo con el prefijo del país, por ejemplo +48 500 000 001.",
    ERROR_SENDER_CARD_NOT_ACTIVE: "La tarjeta de tu monedero no está activa. Actívala en la aplicación del monedero o paga de otra forma.",
    ERROR_SENDER_CARD_IS_BLOCKED: "La tarjeta de tu monedero está bloqueada. Contacta con el banco que la emitió o paga de otra forma.",
    ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: "Esta tienda no acepta tarjetas de este tipo. No se te ha cobrado; paga con otra tarjeta.",
    ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: "No se pudo determinar el país de la tarjeta de tu monedero, así que no se puede usar aquí. Paga con otra tarjeta.",
    ERROR_WHILE_GETTING_COUNTRY_CODE: "No se pudo determinar el país de una tarjeta de este pago. No se te ha cobrado; paga con otra tarjeta.",
    CANT_FIND_CARD: "No se encontró la tarjeta de tu monedero. Revisa el número de teléfono o paga de otra forma.",
    PROCESS_NOT_ALLOWED: "Los pasos del pago no se dieron en el orden esperado. No se te ha cobrado; inténtalo de nuevo.",
    AUTHENTICATION_N: "Tu banco no confirmó el pago (3-D Secure). Inténtalo de nuevo o paga con otra tarjeta.",
    AUTHENTICATION_R: "Tu banco rechazó este pago al verificarlo. Paga con otra tarjeta o contacta con tu banco.",
    AUTHENTICATION_U: "Tu banco no puede verificar el pago ahora mismo. No se te ha cobrado; inténtalo en unos minutos o paga con otra tarjeta.",
    AUTHENTICATION_OTHER: "Tu banco no completó la verificación de este pago. No se te ha cobrado; inténtalo de nuevo.",
    AUTHENTICATION_UNREADABLE: "No se pudo completar la verificación con tu banco. No se te ha cobrado; inténtalo de nuevo.",
    NOT_ANSWERED: "El servicio de pago no respondió al comprobar tu pago. No se te ha cobrado; inténtalo de nuevo.",
    CHALLENGE_TIMEOUT: "La verificación con tu banco no se completó a tiempo. No se te ha cobrado; puedes intentarlo de nuevo.",
    CHALLENGE_CANCELLED: "Has cerrado la verificación con tu banco. No se te ha cobrado; puedes intentarlo de nuevo.",
    AUTHENTICATION_ABANDONED: "La verificación con tu banco no se terminó. No se te ha cobrado; puedes intentarlo de nuevo.",
    CARD_DATA_EXPIRED: "No se pudo leer tu código de seguridad para este pago. No se te ha cobrado; introdúcelo de nuevo para pagar.",
    CARD_DATA_NOT_SENT: "El pago no se completó: el código de seguridad de tu tarjeta no se confirmó a tiempo. No se te ha cobrado; puedes intentarlo de nuevo.",
    SEND_MONEY_FAILURE: "Tu banco rechazó el pago. Inténtalo de nuevo o paga con otra tarjeta.",
    FALLBACK: "El pago no se completó. Inténtalo de nuevo o paga de otra forma.",
    NO_WALLET: "No se encontró ningún monedero activo para este número de teléfono. Revisa el número y el prefijo del país o paga de otra forma.",
    STREET_AND_NUMBER: "Introduce la calle y el número, por ejemplo Olszewskiego 17A.",
  },
  fr: {
    SERVICE_PROBLEM: "Le service de paiement a rencontré un problème. Vous n'avez pas été débité ; veuillez réessayer dans quelques minutes.",
    SHOP_CANNOT_RECEIVE: "La boutique ne peut pas recevoir ce paiement par portefeuille pour le moment. Vous n'avez pas été débité ; réessayez plus tard ou payez autrement.",
    SERVICE_UNUSABLE: "Le service de paiement par portefeuille est indisponible pour le moment. Vous n'avez pas été débité ; veuillez réessayer plus tard.",
    ERROR_VALIDATION: "Certaines informations de paiement n'ont pas été acceptées. Vérifiez-les et réessayez ; vous n'avez pas été débité.",
    INVALID_PHONE_NUMBERS: "Le numéro de téléphone n'a pas été accepté. Saisissez-le avec l'indicatif du pays, par exemple +48 500 000 001.",
    ERROR_SENDER_CARD_NOT_ACTIVE: "La carte de votre portefeuille n'est pas active. Activez-la dans l'application du portefeuille ou payez autrement.",
    ERROR_SENDER_CARD_IS_BLOCKED: "La carte de votre portefeuille est bloquée. Contactez la banque qui l'a émise ou payez autrement.",
    ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: "Cette boutique n'accepte pas ce type de carte. Vous n'avez pas été débité ; payez avec une autre carte.",
    ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: "Le pays de la carte de votre portefeuille n'a pas pu être déterminé, elle ne peut donc pas être utilisée ici. Payez avec une autre carte.",
    ERROR_WHILE_GETTING_COUNTRY_CODE: "Le pays d'une carte de ce paiement n'a pas pu être déterminé. Vous n'avez pas été débité ; payez avec une autre carte.",
    CANT_FIND_CARD: "La carte de votre portefeuille est introuvable. Vérifiez le numéro de téléphone ou payez autrement.",
    PROCESS_NOT_ALLOWED: "Les étapes du paiement ne se sont pas déroulées dans l'ordre prévu. Vous n'avez pas été débité ; veuillez réessayer.",
    AUTHENTICATION_N: "Votre banque n'a pas confirmé le paiement (3-D Secure). Réessayez ou payez avec une autre carte.",
    AUTHENTICATION_R: "Votre banque a refusé ce paiement lors de la vérification. Payez avec une autre carte ou contactez votre banque.",
    AUTHENTICATION_U: "Votre banque ne peut pas vérifier le paiement pour le moment. Vous n'avez pas été débité ; réessayez dans quelques minutes ou payez avec une autre carte.",
    AUTHENTICATION_OTHER: "Votre banque n'a pas terminé la vérification de ce paiement. Vous n'avez pas été débité ; veuillez réessayer.",
    AUTHENTICATION_UNREADABLE: "La vérification auprès de votre banque n'a pas pu aboutir. Vous n'avez pas été débité ; veuillez réessayer.",
    NOT_ANSWERED: "Le service de paiement n'a pas répondu lors de la vérification de votre paiement. Vous n'avez pas été débité ; veuillez réessayer.",
    CHALLENGE_TIMEOUT: "La vérification auprès de votre banque n'a pas été terminée à temps. Vous n'avez pas été débité ; vous pouvez réessayer.",
    CHALLENGE_CANCELLED: "Vous avez fermé la vérification auprès de votre banque. Vous n'avez pas été débité ; vous pouvez réessayer.",
    AUTHENTICATION_ABANDONED: "La vérification auprès de votre banque n'a pas été terminée. Vous n'avez pas été débité ; vous pouvez réessayer.",
    CARD_DATA_EXPIRED: "Votre code de sécurité n'a pas pu être lu pour ce paiement. Vous n'avez pas été débité ; saisissez-le à nouveau pour payer.",
    CARD_DATA_NOT_SENT: "Le paiement n'a pas abouti : le code de sécurité de votre carte n'a pas été confirmé à temps. Vous n'avez pas été débité ; vous pouvez réessayer.",
    SEND_MONEY_FAILURE: "Votre banque a refusé le paiement. Réessayez ou payez avec une autre carte.",
    FALLBACK: "Le paiement n'a pas abouti. Réessayez ou payez autrement.",
    NO_WALLET: "Aucun portefeuille actif n'a été trouvé pour ce numéro de téléphone. Vérifiez le numéro et l'indicatif du pays, ou payez autrement.",
    STREET_AND_NUMBER: "Saisissez la rue et le numéro, par exemple Olszewskiego 17A.",
  },
};

const out = (key: Key, retry: PayerOutcome["retry"]) => payerOutcome(FENIGE_PAYER_MESSAGES, key, retry);
const SERVICE_PROBLEM = out("SERVICE_PROBLEM", "try_again");
const SHOP_CANNOT_RECEIVE = out("SHOP_CANNOT_RECEIVE", "try_again");
const SERVICE_UNUSABLE = out("SERVICE_UNUSABLE", "try_again");

export const ERROR_OUTCOMES: Record<FenigeErrorStatus, PayerOutcome> = {
  ERROR_VALIDATION: out("ERROR_VALIDATION", "try_again"),
  ERROR_BAD_TOKEN: SERVICE_UNUSABLE,
  CRYPTOGRAPHY_ERROR: SERVICE_UNUSABLE,
  PRODUCT_NOT_FOUND: SERVICE_UNUSABLE,
  INVALID_PHONE_NUMBERS: out("INVALID_PHONE_NUMBERS", "try_again"),
  ERROR_SENDER_CARD_NOT_ACTIVE: out("ERROR_SENDER_CARD_NOT_ACTIVE", "another_card"),
  ERROR_SENDER_CARD_IS_BLOCKED: out("ERROR_SENDER_CARD_IS_BLOCKED", "another_card"),
  ERROR_RECEIVER_CARD_NOT_ACTIVE: SHOP_CANNOT_RECEIVE,
  ERROR_RECEIVER_CARD_IS_BLOCKED: SHOP_CANNOT_RECEIVE,
  ERROR_WHILE_GETTING_RECEIVER_COUNTRY_CODE: SHOP_CANNOT_RECEIVE,
  ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER: out("ERROR_MERCHANT_NOT_SUPPORT_CARD_PROVIDER", "another_card"),
  ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE: out("ERROR_WHILE_GETTING_SENDER_COUNTRY_CODE", "another_card"),
  // Documented without saying whose card: the payer's is the one they can change.
  ERROR_WHILE_GETTING_COUNTRY_CODE: out("ERROR_WHILE_GETTING_COUNTRY_CODE", "another_card"),
  CANT_FIND_CARD: out("CANT_FIND_CARD", "another_card"),
  FRIEND_NOT_EXISTS: SHOP_CANNOT_RECEIVE,
  ERROR_ON_GETTING_DEFAULT_CARD: SHOP_CANNOT_RECEIVE,
  PROCESS_NOT_ALLOWED: out("PROCESS_NOT_ALLOWED", "try_again"),
  TRANSACTION_NOT_FOUND: SERVICE_PROBLEM,
  UNKNOWN_ERROR: SERVICE_PROBLEM,
  INTERNAL_SERVER_ERROR: SERVICE_PROBLEM,
  FENIGE_ERROR: SERVICE_PROBLEM,
};

export const OWN_OUTCOMES: Record<FenigeDeclineCode, PayerOutcome> = {
  AUTHENTICATION_N: out("AUTHENTICATION_N", "try_again"),
  AUTHENTICATION_R: out("AUTHENTICATION_R", "another_card"),
  AUTHENTICATION_U: out("AUTHENTICATION_U", "try_again"),
  AUTHENTICATION_OTHER: out("AUTHENTICATION_OTHER", "try_again"),
  AUTHENTICATION_UNREADABLE: out("AUTHENTICATION_UNREADABLE", "try_again"),
  NOT_ANSWERED: out("NOT_ANSWERED", "try_again"),
  CHALLENGE_TIMEOUT: out("CHALLENGE_TIMEOUT", "try_again"),
  CHALLENGE_CANCELLED: out("CHALLENGE_CANCELLED", "try_again"),
  AUTHENTICATION_ABANDONED: out("AUTHENTICATION_ABANDONED", "try_again"),
  CARD_DATA_EXPIRED: out("CARD_DATA_EXPIRED", "try_again"),
  CARD_DATA_NOT_SENT: out("CARD_DATA_NOT_SENT", "try_again"),
  SEND_MONEY_FAILURE: out("SEND_MONEY_FAILURE", "another_card"),
};

const FALLBACK = out("FALLBACK", "try_again");

/** A sentence for the payer's form (not an outcome): English, and its page key. */
export function fenigeFormMessage(key: "NO_WALLET" | "STREET_AND_NUMBER"): { message: string; messageKey: string } {
  return { message: FENIGE_PAYER_MESSAGES.en[key], messageKey: `fenige:${key}` };
}

/** The payer's reading of a recorded Fenige decline code; unknown codes get a general one. */
export function fenigePayerOutcome(code: string | null | undefined): PayerOutcome {
  if (!code) return FALLBACK;
  return (OWN_OUTCOMES as Record<string, PayerOutcome>)[code] ?? (ERROR_OUTCOMES as Record<string, PayerOutcome>)[code] ?? FALLBACK;
}
