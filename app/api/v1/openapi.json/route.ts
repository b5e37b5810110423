import { buildOpenApi } from "@/lib/merchant-api/openapi";
import { appUrl } from "@/lib/env";

export function GET() {
  return Response.json(buildOpenApi(appUrl()), { headers: { "cache-control": "public, max-age=300" } });
}
