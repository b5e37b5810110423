import { merchantRoute } from "@/lib/merchant-api/route";
import { parseWith } from "@/lib/http/respond";
import { ok } from "@/lib/result";
import { CreateEndpointInput } from "@/lib/webhooks/endpoint-input";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/endpoints";

export const POST = merchantRoute("POST /api/v1/webhook_endpoints", async ({ merchant, body, db }) => {
  const input = parseWith(CreateEndpointInput, body);
  if (!input.ok) return { result: input };
  return { result: await createEndpoint({ merchantId: merchant.id, input: input.value, db }), status: 201 };
});

export const GET = merchantRoute("GET /api/v1/webhook_endpoints", async ({ merchant }) => ({
  result: ok({ object: "list", data: await listEndpoints(merchant.id) }),
}));
