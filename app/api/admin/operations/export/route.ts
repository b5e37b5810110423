import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { errorResponse, handler } from "@/lib/http/respond";
import { adminForRoute } from "@/lib/admin/require-admin";
import { parseFilters } from "@/lib/admin/operations/filters";
import { csvFileName, operationsCsvStream } from "@/lib/admin/operations/export-csv";

export const dynamic = "force-dynamic";

export const GET = handler("GET /api/admin/operations/export", async (request: Request) => {
  const admin = await adminForRoute();
  if (admin === "signed_out" || admin === "forbidden") return errorResponse(new AppError("unauthenticated", "Sign in to the admin first."));
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const { filters, invalid } = parseFilters(params);
  if (invalid.length > 0) {
    return errorResponse(new AppError("validation_failed", "Some filters are not valid.", { fields: invalid.map((path) => ({ path, message: "Not a valid value" })) }));
  }
  const stream = operationsCsvStream(await getDb(), admin, filters);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csvFileName()}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
});
