import type { Metadata } from "next";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { authOptions } from "@/lib/admin/auth-options";
import { resolveAdmin } from "@/lib/admin/require-admin";
import { safeAdminPath } from "@/lib/admin/safe-next";
import { LoginForm } from "@/components/admin/LoginForm";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeAdminPath(typeof params.next === "string" ? params.next : null);
  const session = await getServerSession(authOptions);
  const admin = await resolveAdmin(session?.sessionId);
  if (typeof admin === "object") redirect(next);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold">Sign in to the admin</h1>
        <p className="mt-1 text-sm text-slate-600">Use the email and password your account owner gave you.</p>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
