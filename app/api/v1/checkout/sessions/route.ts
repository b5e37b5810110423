import { merchantRoute } from "@/lib/merchant-api/route";
import { parseWith } from "@/lib/http/respond";
import { CreateSessionInput } from "@/lib/checkout/create-session-input";
import { createCheckoutSession } from "@/lib/checkout/create-checkout-session";

export const POST = merchantRoute("POST /api/v1/checkout/sessions", async ({ merchant, body, db }) => {
  const input = parseWith(CreateSessionInput, body);
  if (!input.ok) return { result: input };
  return { result: await createCheckoutSession({ merchant, input: input.value, db }), status: 201 };
});
