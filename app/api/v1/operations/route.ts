import { merchantRoute } from "@/lib/merchant-api/route";
import { parseWith } from "@/lib/http/respond";
import { ListOperationsInput, listOperations } from "@/lib/operations/list-operations";

export const GET = merchantRoute("GET /api/v1/operations", async ({ merchant, request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const input = parseWith(ListOperationsInput, query);
  if (!input.ok) return { result: input };
  return { result: await listOperations({ merchantId: merchant.id, input: input.value }) };
});
