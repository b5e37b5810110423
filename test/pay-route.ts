import { POST as pay } from "@/app/api/checkout/[sessionId]/pay/route";
import { PHONE_BROWSER } from "./browser-data";


let n = 0;

/** One press of Pay through the real route handler, as the page sends it (a fresh attempt key each time). */
export function payThroughRoute(sessionId: string, args: { headers: Record<string, string>; method?: Record<string, unknown>; billing?: Record<string, unknown> }): Promise<Response> {
  return pay(
    new Request(`http://localhost:3999/api/checkout/${sessionId}/pay`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "test-agent", ...args.headers },
      body: JSON.stringify({ attemptKey: `attempt_${Date.now()}_${n++}_padding`, method: args.method ?? { type: "bank" }, browser: PHONE_BROWSER, ...(args.billing ? { billing: args.billing } : {}) }),
    }),
    { params: Promise.resolve({ sessionId }) },
  );
}
