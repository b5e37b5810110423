import type { AdminRole } from "@/db/schema";
import { AppError } from "@/lib/errors";

/** Who is acting in the admin area. Every lib/admin function takes one and scopes to its merchant. */
export interface AdminContext {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  merchantId: string;
  merchantName: string;
}

export const canAct = (admin: AdminContext) => admin.role === "owner";

/** Refuse anything but an owner; the UI hides actions for viewers, this is what enforces it. */
export function ownerOnly(admin: AdminContext): AppError | null {
  return canAct(admin) ? null : new AppError("forbidden", "Your role can view but not change anything.");
}
