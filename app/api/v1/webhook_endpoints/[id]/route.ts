import { merchantRoute } from "@/lib/merchant-api/route";
import { parseWith } from "@/lib/http/respond";
import { UpdateEndpointInput } from "@/lib/webhooks/endpoint-input";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints";

export const GET = merchantRoute("GET /api/v1/webhook_endpoints/:id", async ({ merchant, params }) => ({
  result: await getEndpoint(merchant.id, params.id ?? ""),
}));

export const POST = merchantRoute("POST /api/v1/webhook_endpoints/:id", async ({ merchant, params, body, db }) => {
  const input = parseWith(UpdateEndpointInput, body);
  if (!input.ok) return { result: input };
  return { result: await updateEndpoint({ merchantId: merchant.id, endpointId: params.id ?? "", input: input.value, db }) };
});

export const DELETE = merchantRoute("DELETE /api/v1/webhook_endpoints/:id", async ({ merchant, params, db }) => ({
  result: await deleteEndpoint({ merchantId: merchant.id, endpointId: params.id ?? "", db }),
}));
