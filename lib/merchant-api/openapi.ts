import { z } from "zod";
import { CreateSessionInput } from "@/lib/checkout/create-session-input";
import { SessionResponse } from "@/lib/checkout/session-response";
import { OperationResponse } from "@/lib/operations/operation-response";
import { STATUS_BY_CODE } from "@/lib/errors";

// The merchant API's OpenAPI 3.1 document, built from the same zod schemas the routes
// validate with, so the two cannot drift; a test checks its paths against app/api/v1.
export const ErrorResponse = z.object({
  error: z.object({
    code: z.enum(Object.keys(STATUS_BY_CODE) as [keyof typeof STATUS_BY_CODE, ...Array<keyof typeof STATUS_BY_CODE>]),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
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
  next_cursor: z.string().nullable().optional(),
});

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
        "Create checkout sessions and follow their operations. POST requests accept an Idempotency-Key: the same key and body replays the first answer for 24 h, another body with the key is a 422, a request still in flight is a 409.",
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
