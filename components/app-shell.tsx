"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState, type ReactNode } from "react";
import type { Me } from "@/lib/dto";
import { pages } from "@/lib/urls";
import { SourcesNav } from "./sources-nav";
import { ThemeToggle } from "./theme-toggle";
import { SignOutButton } from "./sign-out-button";

export function AppShell({ me, children }: { me: Me; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  return (
    <div className="flex min-h-screen">
      <aside
        className={`fixed inset-y-0 left-0 z-30 w-64 transform border-r border-slate-200 bg-white transition-transform dark:border-slate-800 dark:bg-slate-900 md:static md:translate-x-0 ${open ? "translate-x-0" : "-translate-x-full"}`}
        aria-label="Navigation"
      >
        <div className="flex h-14 items-center border-b border-slate-200 px-4 dark:border-slate-800">
          <Link href={pages.overview()} className="flex items-center gap-2 text-lg font-semibold tracking-tight" onClick={() => setOpen(false)}>
            {/* eslint-disable-next-line @next/next/no-img-element -- a 24 px SVG from public/: nothing for next/image to optimize */}
            <img src="/icon.svg" alt="" width={24} height={24} />
            QueueDeck
          </Link>
        </div>
        <nav className="space-y-6 p-3 text-sm" onClick={() => setOpen(false)}>
          <div className="space-y-1">
            <NavLink href={pages.overview()} active={pathname === pages.overview()}>
              Overview
            </NavLink>
            <NavLink href={pages.inbox()} active={pathname === pages.inbox()}>
              Dead letters
            </NavLink>
            <NavLink href={pages.alerts()} active={pathname === pages.alerts()}>
              Alerts
            </NavLink>
            <NavLink href={pages.audit()} active={pathname === pages.audit()}>
              Audit log
            </NavLink>
            {me.role === "admin" && (
              <NavLink href={pages.admin()} active={pathname === pages.admin()}>
                Users and tokens
              </NavLink>
            )}
          </div>
          <SourcesNav pathname={pathname} />
        </nav>
      </aside>
      {open && <div className="fixed inset-0 z-20 bg-black/30 md:hidden" onClick={() => setOpen(false)} aria-hidden />}
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-10 flex h-14 items-center gap-3 border-b border-slate-200 bg-white/90 px-4 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
          <button
            className="rounded-md p-1.5 hover:bg-slate-100 dark:hover:bg-slate-800 md:hidden"
            onClick={() => setOpen((o) => !o)}
            aria-label="Open navigation"
          >
            <svg width="20" height="20" viewBox="0 0 20 20" fill="currentColor" aria-hidden>
              <path d="M3 5h14v2H3zM3 9h14v2H3zM3 13h14v2H3z" />
            </svg>
          </button>
          <div className="flex-1" />
          {me.readOnly && (
            <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-300">
              read-only
            </span>
          )}
          <Link href={pages.account()} className="text-sm text-slate-600 hover:underline dark:text-slate-300" data-testid="current-user" title="Your account: change your password">
            {me.username} <span className="text-slate-400">· {me.role ?? "per source"}</span>
          </Link>
          <ThemeToggle />
          <SignOutButton />
        </header>
        <main className="min-w-0 flex-1 p-4 md:p-6">{children}</main>
      </div>
    </div>
  );
}

function NavLink({ href, active, children }: { href: string; active: boolean; children: ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`block rounded-md px-3 py-1.5 ${active ? "bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
    >
      {children}
    </Link>
  );
}
