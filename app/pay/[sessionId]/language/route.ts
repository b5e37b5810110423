import { localeChoice } from "@/lib/i18n/locale-choice";

export const dynamic = "force-dynamic";

// The language switcher's links land here: keep the choice and go back to the payment.
export async function GET(request: Request, context: { params: Promise<{ sessionId: string }> }): Promise<Response> {
  const { sessionId } = await context.params;
  const choice = localeChoice(sessionId, new URL(request.url).searchParams.get("lang"));
  if (!choice) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(null, { status: 303, headers: { location: choice.location, "set-cookie": choice.cookie, "cache-control": "no-store" } });
}
