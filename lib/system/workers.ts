// Background loops every instance runs; each claims work through Postgres, so running
// several instances never does a job twice. Later domains add their loops here.
export async function startWorkers(): Promise<void> {
  await (await import("@/lib/webhooks/worker")).runWebhookWorker();
  await (await import("@/lib/operations/reconcile")).runReconciler();
  await (await import("@/lib/operations/step-worker")).runStepWorker();
  await (await import("@/lib/operations/callback-inbox")).runCallbackApplier();
  await (await import("./housekeeping")).runHousekeeping();
}
