import type { OperationStatus } from "@/lib/operations/status";

// Kept out of the "use client" components so server pages can call it: a function
// imported from a client module is only a reference on the server, not callable.

export type Outcome = "succeeded" | "declined" | "failed" | "cancelled" | "expired";

/** The result page's outcome for an attempt's final status. */
export function outcomeOf(status: OperationStatus): Outcome {
  return status === "succeeded" || status === "declined" || status === "cancelled" || status === "expired" ? status : "failed";
}
