// A session is the merchant's request for money; operations are the payer's attempts.
// open: can be paid; processing: an attempt is under way; the rest are final.
export const SESSION_STATUSES = ["open", "processing", "paid", "expired", "cancelled"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const FINAL_SESSION_STATUSES: ReadonlySet<SessionStatus> = new Set(["paid", "expired", "cancelled"]);
