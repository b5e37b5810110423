/** The operation an event concerns, when it concerns one (its history then shows the webhook). */
export function operationIdOfEvent(payload: Record<string, unknown>): string | null {
  const data = payload.data;
  if (!data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  if (d.object === "operation" && typeof d.id === "string") return d.id;
  const latest = d.latest_operation;
  if (latest && typeof latest === "object") {
    const id = (latest as Record<string, unknown>).id;
    if (typeof id === "string") return id;
  }
  return null;
}
