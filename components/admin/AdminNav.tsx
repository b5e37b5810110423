"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

const LINKS = [
  { href: "/admin", label: "Dashboard", exact: true },
  { href: "/admin/operations", label: "Operations" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/settings", label: "Settings" },
];

/** Main navigation: a row of links on wide screens, a disclosure menu on phones. */
export function AdminNav() {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const current = (l: (typeof LINKS)[number]) => (l.exact ? pathname === l.href : pathname === l.href || pathname.startsWith(`${l.href}/`));
  return (
    <nav aria-label="Admin" className="w-full md:w-auto">
      <button
        type="button"
        className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium md:hidden"
        aria-expanded={open}
        aria-controls="admin-nav-links"
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      <ul id="admin-nav-links" className={`${open ? "mt-2 flex" : "hidden"} flex-col gap-1 md:mt-0 md:flex md:flex-row md:gap-1`}>
        {LINKS.map((l) => (
          <li key={l.href}>
            <Link
              href={l.href}
              aria-current={current(l) ? "page" : undefined}
              onClick={() => setOpen(false)}
              className={`block rounded px-3 py-2 text-sm font-medium ${current(l) ? "bg-brand text-white" : "text-slate-700 hover:bg-slate-100"}`}
            >
              {l.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
