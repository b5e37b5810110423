import { merchantRoute } from "@/lib/merchant-api/route";
import { parseWith } from "@/lib/http/respond";
import { CreateSessionInput } from "@/lib/checkout/create-session-input";
import { createCheckoutSession } from "@/lib/checkout/create-checkout-session";

// The session's insert is one statement that also stores the Idempotency-Key's answer.
export const POST = merchantRoute(
  "POST /api/v1/checkout/sessions",
  async ({ merchant, body, db, storeAnswer }) => {
    const input = parseWith(CreateSessionInput, body);
    if (!input.ok) return { result: input };
    return { result: await createCheckoutSession({ merchant, input: input.value, db, run: storeAnswer(201) }), status: 201 };
  },
  { idempotency: "statement" },
);
