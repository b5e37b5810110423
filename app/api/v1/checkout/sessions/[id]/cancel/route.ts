import { merchantRoute } from "@/lib/merchant-api/route";
import { cancelCheckoutSession } from "@/lib/checkout/cancel-checkout-session";

export const POST = merchantRoute("POST /api/v1/checkout/sessions/:id/cancel", async ({ merchant, params, db }) => ({
  result: await cancelCheckoutSession({ merchantId: merchant.id, sessionId: params.id ?? "", db }),
}));
