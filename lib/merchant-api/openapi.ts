import { z } from "zod";
import { CreateSessionInput } from "@/lib/checkout/create-session-input";
import { SessionResponse } from "@/lib/checkout/session-response";
import { OperationResponse } from "@/lib/operations/operation-response";
import { STATUS_BY_CODE } from "@/lib/errors";
import { ListOperationsInput, type OperationList as OperationListJson } from "@/lib/operations/list-operations";
import { CreateEndpointInput, RotateSecretInput, UpdateEndpointInput } from "@/lib/webhooks/endpoint-input";
import type { EndpointJson } from "@/lib/webhooks/present-endpoint";

// The merchant API's OpenAPI 3.1 document, built from the same zod schemas the routes
// validate with, so the two cannot drift; a test checks its paths against app/api/v1.
export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(Object.keys(STATUS_BY_CODE) as [keyof typeof STATUS_BY_CODE, ...Array<keyof typeof STATUS_BY_CODE>]),
    message: z.string(),
    // Keys the hosted payment page translates by; API callers read `message`.
    messageKey: z.string().optional(),
    fields: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  }),
});

export interface ApiRoute {
  method: "get" | "post" | "delete" | "patch" | "put";
  path: string; // OpenAPI template, e.g. /checkout/sessions/{id}
  summary: string;
  request?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  status?: number;
  errors: number[];
  public?: boolean;
}

const OperationList = z.object({
  object: z.literal("list"),
  data: z.array(OperationResponse),
  has_more: z.boolean(),
  next_starting_after: z.string().nullable().describe("Pass as starting_after for the next page"),
});

const EndpointResponse = z.object({
  id: z.string().describe("Webhook endpoint id (we_…)"),
  object: z.literal("webhook_endpoint"),
  url: z.url(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  previous_secret_expires_at: z.iso.datetime().nullable().describe("Until then deliveries carry a signature with the previous secret too"),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
const EndpointWithSecret = EndpointResponse.extend({ secret: z.string().describe("Shown once: whsec_… (Standard Webhooks)") });
const EndpointList = z.object({ object: z.literal("list"), data: z.array(EndpointResponse) });
const Deleted = z.object({ id: z.string(), object: z.literal("webhook_endpoint"), deleted: z.literal(true) });

// The documented shapes must be what the domain functions return: a compile-time check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const documentedShapes: [Same<z.infer<typeof OperationList>, OperationListJson>, Same<z.infer<typeof EndpointResponse>, EndpointJson>] = [true, true];
void documentedShapes;

export const API_ROUTES: ApiRoute[] = [
  {
    method: "post",
    path: "/checkout/sessions",
    summary: "Create a checkout session",
    request: CreateSessionInput,
    response: SessionResponse,
    status: 201,
    errors: [400, 401, 409, 422],
  },
  { method: "get", path: "/checkout/sessions/{id}", summary: "Retrieve a checkout session with its latest operation", response: SessionResponse, errors: [401, 404] },
  { method: "post", path: "/checkout/sessions/{id}/cancel", summary: "Cancel an open checkout session so it can no longer be paid", response: SessionResponse, errors: [401, 404, 409] },
  { method: "get", path: "/operations", summary: "List operations, newest first (keyset pagination)", query: ListOperationsInput, response: OperationList, errors: [400, 401] },
  { method: "get", path: "/operations/{id}", summary: "Retrieve an operation with its final status and decline reason", response: OperationResponse, errors: [401, 404] },
  {
    method: "post",
    path: "/operations/{id}/cancel",
    summary: "Ask the provider to cancel an operation that is not final; the final status follows from the provider",
    response: OperationResponse,
    errors: [401, 404, 409, 502, 503],
  },
  { method: "post", path: "/webhook_endpoints", summary: "Create a webhook endpoint; the signing secret is shown once", request: CreateEndpointInput, response: EndpointWithSecret, status: 201, errors: [400, 401] },
  { method: "get", path: "/webhook_endpoints", summary: "List webhook endpoints", response: EndpointList, errors: [401] },
  { method: "get", path: "/webhook_endpoints/{id}", summary: "Retrieve a webhook endpoint", response: EndpointResponse, errors: [401, 404] },
  { method: "post", path: "/webhook_endpoints/{id}", summary: "Update a webhook endpoint", request: UpdateEndpointInput, response: EndpointResponse, errors: [400, 401, 404] },
  { method: "delete", path: "/webhook_endpoints/{id}", summary: "Delete a webhook endpoint", response: Deleted, errors: [401, 404] },
  {
    method: "post",
    path: "/webhook_endpoints/{id}/rotate_secret",
    summary: "Rotate the signing secret; the previous one keeps signing for the overlap",
    request: RotateSecretInput,
    response: EndpointWithSecret,
    errors: [400, 401, 404],
  },
  { method: "get", path: "/openapi.json", summary: "This document", errors: [], public: true },
];

export function registerRoutes(routes: ApiRoute[]): void {
  for (const r of routes) if (!API_ROUTES.some((x) => x.method === r.method && x.path === r.path)) API_ROUTES.push(r);
}

const json = (schema: z.ZodType, io: "input" | "output") => z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });

export function buildOpenApi(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of API_ROUTES) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const queryParams = r.query
      ? Object.entries(r.query.shape).map(([name, s]) => ({ name, in: "query", required: false, schema: json(s as z.ZodType, "input") }))
      : [];
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: { description: "OK", ...(r.response ? { content: { "application/json": { schema: json(r.response, "output") } } } : {}) },
    };
    for (const code of r.errors) responses[String(code)] = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    paths[r.path] ??= {};
    const p = paths[r.path];
    if (!p) continue;
    p[r.method] = {
      summary: r.summary,
      ...(r.public ? { security: [] } : {}),
      parameters: [
        ...params,
        ...queryParams,
        ...(r.method === "post" && !r.public ? [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 } }] : []),
      ],
      ...(r.request ? { requestBody: { required: true, content: { "application/json": { schema: json(r.request, "input") } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Hosted checkout merchant API",
      version: "1",
      description:
        "Create checkout sessions and follow their operations. POST requests accept an Idempotency-Key: the same key and body replays the first answer for 24 h, another body with the key is a 422; a request that arrives while the first with its key is still running waits for it and replays its answer, or is a 409 while that first request waits on a payment provider.",
    },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "Merchant API key (sk_…)" } },
      schemas: { Error: json(ErrorResponse, "output") },
    },
    paths,
  };
}
