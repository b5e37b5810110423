import { merchantRoute } from "@/lib/merchant-api/route";
import { parseWith } from "@/lib/http/respond";
import { RotateSecretInput } from "@/lib/webhooks/endpoint-input";
import { rotateEndpointSecret } from "@/lib/webhooks/endpoints";

export const POST = merchantRoute("POST /api/v1/webhook_endpoints/:id/rotate_secret", async ({ merchant, params, body, db }) => {
  const input = parseWith(RotateSecretInput, body);
  if (!input.ok) return { result: input };
  return { result: await rotateEndpointSecret({ merchantId: merchant.id, endpointId: params.id ?? "", input: input.value, db }) };
});
