// The checkout's own operation status machine, shared by every provider. Connectors map
// provider statuses onto these; nothing else needs to know a provider's vocabulary.
//
//   created ──► pending ──► requires_action ◄─┐ (a second redirect)
//      │           │             │     └──────┘
//      │           ▼             ▼
//      │      awaiting_confirmation ◄── processing
//      ▼           ▼                      ▼
//   succeeded | declined | cancelled | expired | failed   (final: never left)
export const OPERATION_STATUSES = [
  "created",
  "pending",
  "requires_action",
  "processing",
  "awaiting_confirmation",
  "succeeded",
  "declined",
  "cancelled",
  "expired",
  "failed",
] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

export const FINAL_STATUSES = ["succeeded", "declined", "cancelled", "expired", "failed"] as const satisfies readonly OperationStatus[];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

const FINAL: ReadonlySet<OperationStatus> = new Set(FINAL_STATUSES);

export function isFinal(status: OperationStatus): status is FinalStatus {
  return FINAL.has(status);
}

const NON_FINAL_TARGETS: Record<Exclude<OperationStatus, FinalStatus>, readonly OperationStatus[]> = {
  created: ["pending", "requires_action", "processing", "awaiting_confirmation"],
  pending: ["requires_action", "processing", "awaiting_confirmation"],
  // requires_action -> requires_action is a new action (ON/RAMP's second redirect, Fenige's
  // method then challenge); processing -> requires_action is the same thing after 3DS one.
  requires_action: ["requires_action", "pending", "processing", "awaiting_confirmation"],
  processing: ["requires_action", "awaiting_confirmation"],
  awaiting_confirmation: ["processing"],
};

/** Whether `from -> to` is a legal move. Any non-final state may end in any final one. */
export function canTransition(from: OperationStatus, to: OperationStatus): boolean {
  if (isFinal(from)) return false;
  if (isFinal(to)) return true;
  return NON_FINAL_TARGETS[from].includes(to);
}

/** How far along a status is, to tell a late event from a new one when times tie. */
const RANK: Record<OperationStatus, number> = {
  created: 0,
  pending: 1,
  requires_action: 2,
  processing: 3,
  awaiting_confirmation: 4,
  succeeded: 5,
  declined: 5,
  cancelled: 5,
  expired: 5,
  failed: 5,
};

export interface MachineState {
  status: OperationStatus;
  /** Provider time of the last applied event; null before any provider event. */
  lastEventAt: Date | null;
}

export interface MachineEvent {
  status: OperationStatus;
  /** The provider's own time for the event; null when the provider gives none. */
  providerTime: Date | null;
  /** True when the event carries a new action (e.g. redirect number 2). */
  newAction?: boolean;
}

export type Decision =
  | { outcome: "applied"; next: MachineState }
  | { outcome: "stale"; reason: string }
  | { outcome: "ignored"; reason: string };

/**
 * Decide what an incoming event does to an operation. Duplicates are caught before this
 * by the event's dedupe key; this decides order: final states never regress, an event
 * older (by provider time) than the last applied one is stale unless it is final, and an
 * illegal move is ignored but kept in the history by the caller.
 */
export function decide(state: MachineState, event: MachineEvent): Decision {
  if (isFinal(state.status)) {
    return { outcome: "ignored", reason: `operation is already ${state.status}` };
  }
  if (event.status === state.status && !event.newAction) {
    return { outcome: "ignored", reason: "no change" };
  }
  const eventTime = event.providerTime?.getTime() ?? null;
  const lastTime = state.lastEventAt?.getTime() ?? null;
  if (!isFinal(event.status) && eventTime !== null && lastTime !== null) {
    if (eventTime < lastTime) return { outcome: "stale", reason: "older than the last applied event" };
    if (eventTime === lastTime && RANK[event.status] < RANK[state.status]) {
      return { outcome: "stale", reason: "same time as a later step" };
    }
  }
  if (!canTransition(state.status, event.status)) {
    // A step behind the current one (e.g. pending after processing with no time) is stale.
    if (!isFinal(event.status) && RANK[event.status] < RANK[state.status]) {
      return { outcome: "stale", reason: `${event.status} is behind ${state.status}` };
    }
    return { outcome: "ignored", reason: `${state.status} cannot move to ${event.status}` };
  }
  const nextTime = eventTime === null ? state.lastEventAt : lastTime === null || eventTime > lastTime ? new Date(eventTime) : state.lastEventAt;
  return { outcome: "applied", next: { status: event.status, lastEventAt: nextTime } };
}
