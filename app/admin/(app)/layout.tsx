import Link from "next/link";
import { currentAdmin } from "@/lib/admin/require-admin";
import { AdminNav } from "@/components/admin/AdminNav";
import { SignOutButton } from "@/components/admin/SignOutButton";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // Every page under this layout calls requireAdmin() itself (a layout is not a security
  // boundary); signed out, the page redirects to sign-in with the way back.
  const admin = await currentAdmin();
  if (!admin) return <>{children}</>;
  return (
    <div className="min-h-dvh">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/admin" className="mr-2 font-semibold text-slate-900">
            {admin.merchantName} <span className="font-normal text-slate-500">admin</span>
          </Link>
          <div className="order-last w-full md:order-none md:w-auto md:flex-1">
            <AdminNav />
          </div>
          <div className="ml-auto flex items-center gap-3 text-sm">
            <p className="text-right leading-tight">
              <span className="block max-w-[12rem] truncate font-medium" title={admin.email}>
                {admin.email}
              </span>
              <span className="block text-slate-600">
                Role: <span className="font-medium">{admin.role}</span>
              </span>
            </p>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </div>
  );
}
