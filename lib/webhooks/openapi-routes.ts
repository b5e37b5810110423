import { z } from "zod";
import type { ApiRoute } from "@/lib/merchant-api/openapi";
import { CreateEndpointInput, RotateSecretInput, UpdateEndpointInput } from "./endpoint-input";

// The webhook endpoint routes of the merchant API, for the OpenAPI document.
export const EndpointResponse = z.object({
  id: z.string(),
  object: z.literal("webhook_endpoint"),
  url: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  previous_secret_expires_at: z.string().nullable().describe("While set, deliveries carry a second signature made with the previous secret."),
  created_at: z.string(),
  updated_at: z.string(),
});
const EndpointWithSecret = EndpointResponse.extend({ secret: z.string().describe("whsec_… signing secret; shown only in this response.") });

export const WEBHOOK_API_ROUTES: ApiRoute[] = [
  { method: "post", path: "/webhook_endpoints", summary: "Create a webhook endpoint (the signing secret is returned once)", request: CreateEndpointInput, response: EndpointWithSecret, status: 201, errors: [400, 401, 409, 422] },
  { method: "get", path: "/webhook_endpoints", summary: "List webhook endpoints", response: z.object({ object: z.literal("list"), data: z.array(EndpointResponse) }), errors: [401] },
  { method: "get", path: "/webhook_endpoints/{id}", summary: "Retrieve a webhook endpoint", response: EndpointResponse, errors: [401, 404] },
  { method: "post", path: "/webhook_endpoints/{id}", summary: "Update a webhook endpoint's URL, description or enabled flag", request: UpdateEndpointInput, response: EndpointResponse, errors: [400, 401, 404, 409, 422] },
  { method: "delete", path: "/webhook_endpoints/{id}", summary: "Delete a webhook endpoint (pending deliveries stop)", response: z.object({ id: z.string(), object: z.literal("webhook_endpoint"), deleted: z.literal(true) }), errors: [401, 404] },
  {
    method: "post",
    path: "/webhook_endpoints/{id}/rotate_secret",
    summary: "Rotate the signing secret; the previous one keeps signing for expires_in_seconds (default 24 h)",
    request: RotateSecretInput,
    response: EndpointWithSecret,
    errors: [400, 401, 404, 409, 422],
  },
];
