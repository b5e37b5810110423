import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import type { AdminRole } from "@/db/schema";
import { authOptions } from "./auth-options";
import { loadSessionAdmin } from "./sessions";
import type { AdminContext } from "./admin-context";

/**
 * The admin behind a server-side session, or why not: "signed_out" (no session, or one that
 * ended: sign-out, role change, removal, expiry) or "forbidden" for a too-weak role.
 */
export async function resolveAdmin(sessionId: string | null | undefined, role?: AdminRole): Promise<AdminContext | "signed_out" | "forbidden"> {
  if (!sessionId) return "signed_out";
  const admin = await loadSessionAdmin(sessionId);
  if (!admin) return "signed_out";
  if (role === "owner" && admin.role !== "owner") return "forbidden";
  return admin;
}

/**
 * The guard for every admin page and server action: signed out goes to the sign-in page,
 * a viewer asking for an owner-only page gets a 404 (nothing to see there for them).
 */
export async function requireAdmin(options: { role?: AdminRole; next?: string } = {}): Promise<AdminContext> {
  const session = await getServerSession(authOptions);
  const admin = await resolveAdmin(session?.sessionId, options.role);
  if (admin === "signed_out") redirect(options.next ? `/admin/login?next=${encodeURIComponent(options.next)}` : "/admin/login");
  if (admin === "forbidden") notFound();
  return admin;
}

/** The same guard for route handlers, which answer JSON errors instead of redirecting. */
export async function adminForRoute(role?: AdminRole): Promise<AdminContext | "signed_out" | "forbidden"> {
  const session = await getServerSession(authOptions);
  return resolveAdmin(session?.sessionId, role);
}

/**
 * The signed-in admin or null, without redirecting: for the shared layout, which cannot
 * see the URL; the page under it calls requireAdmin() and redirects with `next`.
 */
export async function currentAdmin(): Promise<AdminContext | null> {
  const session = await getServerSession(authOptions);
  const admin = await resolveAdmin(session?.sessionId);
  return typeof admin === "object" ? admin : null;
}
