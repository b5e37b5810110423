// In the payer's browser only: the card data the page encrypted at Pay for a wallet card
// (a JWE to the checkout's key, unreadable here), kept in this tab's session storage so the
// page can send it again when the provider is ready for it after 3-D Secure, across a
// reload. The server never keeps it. Dropped once the attempt ends.

const keyOf = (sessionId: string) => `checkout:card-data:${sessionId}`;

export function keepCardData(sessionId: string, jwe: string): void {
  try {
    window.sessionStorage.setItem(keyOf(sessionId), jwe);
  } catch {
    // Private mode without storage: the page asks the payer again if it is needed.
  }
}

export function keptCardData(sessionId: string): string | null {
  try {
    return window.sessionStorage.getItem(keyOf(sessionId));
  } catch {
    return null;
  }
}

export function forgetCardData(sessionId: string): void {
  try {
    window.sessionStorage.removeItem(keyOf(sessionId));
  } catch {
    // nothing kept
  }
}
