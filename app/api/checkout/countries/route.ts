import { errorResponse, handler, parseWith } from "@/lib/http/respond";
import { CountryListQuery, countryOptions } from "@/lib/checkout/country-options";

export const dynamic = "force-dynamic";

/** The country list in one of the payer languages, for a page that asks for the country after a refusal. */
export const GET = handler("GET /api/checkout/countries", async (request: Request) => {
  const input = parseWith(CountryListQuery, Object.fromEntries(new URL(request.url).searchParams));
  if (!input.ok) return errorResponse(input.error);
  // The same for every payer and session: browsers and proxies may keep it for a day.
  return Response.json(countryOptions(input.value.locale), { headers: { "cache-control": "public, max-age=86400" } });
});
