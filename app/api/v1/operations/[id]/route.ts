import { merchantRoute } from "@/lib/merchant-api/route";
import { getOperation } from "@/lib/operations/get-operation";

export const GET = merchantRoute("GET /api/v1/operations/:id", async ({ merchant, params }) => ({
  result: await getOperation({ merchantId: merchant.id, operationId: params.id ?? "" }),
}));
