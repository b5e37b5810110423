import { getDb } from "@/db/client";
import { notFound } from "@/lib/errors";
import { err, ok, type Result } from "@/lib/result";
import { findOperation } from "./load-operation";
import { presentOperation, type OperationJson } from "./present-operation";

/** A merchant's own operation with its status and decline; another merchant's id is not found. */
export async function getOperation(args: { merchantId: string; operationId: string }): Promise<Result<OperationJson>> {
  const op = await findOperation(await getDb(), args.merchantId, args.operationId);
  return op ? ok(presentOperation(op)) : err(notFound("Operation"));
}
