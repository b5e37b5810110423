import { handler } from "@/lib/http/respond";
import { currentCardKey } from "@/lib/crypto/card-keys";

export const dynamic = "force-dynamic";

/** The public key a page encrypts card data to, for a page that outlived its embedded key. */
export const GET = handler("GET /api/checkout/card-key", async () => {
  const key = await currentCardKey();
  return Response.json({ kid: key.kid, jwk: key.jwk }, { headers: { "cache-control": "no-store" } });
});
