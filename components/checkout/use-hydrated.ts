import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/**
 * False in the server's HTML and until React has taken over the page, true after. A form
 * whose submit needs our script (card encryption, wallet look-up) keeps its button disabled
 * until then: pressed earlier, the browser would submit the form natively, reload the page
 * and drop what the payer typed.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
