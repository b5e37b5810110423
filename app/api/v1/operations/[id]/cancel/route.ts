import { merchantRoute } from "@/lib/merchant-api/route";
import { cancelOperation } from "@/lib/operations/actions";
import { presentOperation } from "@/lib/operations/present-operation";
import { ok } from "@/lib/result";

// Cancelling asks the provider, which no database transaction can include: the key is
// claimed before and completed after (a retry after a crash asks the provider again, which
// a cancel allows).
export const POST = merchantRoute(
  "POST /api/v1/operations/:id/cancel",
  async ({ merchant, params }) => {
    const result = await cancelOperation({ merchantId: merchant.id, operationId: params.id ?? "", actor: { kind: "api", id: merchant.id } });
    return { result: result.ok ? ok(presentOperation(result.value)) : result };
  },
  { idempotency: "claim" },
);
