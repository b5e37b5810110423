import { checkHealth } from "@/lib/system/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const { healthy, body } = await checkHealth();
  return Response.json(body, { status: healthy ? 200 : 503, headers: { "cache-control": "no-store" } });
}
