/** Where to go after sign-in: only a path inside the admin area, never another origin. */
export function safeAdminPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/admin") || next.startsWith("//") || next.includes("\\")) return "/admin/operations";
  if (next.startsWith("/admin/login")) return "/admin/operations";
  return next;
}
