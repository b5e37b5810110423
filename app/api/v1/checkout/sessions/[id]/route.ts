import { merchantRoute } from "@/lib/merchant-api/route";
import { getCheckoutSession } from "@/lib/checkout/get-checkout-session";

export const GET = merchantRoute("GET /api/v1/checkout/sessions/:id", async ({ merchant, params }) => ({
  result: await getCheckoutSession({ merchantId: merchant.id, sessionId: params.id ?? "" }),
}));
