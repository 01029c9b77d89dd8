"use client";

import Link from "next/link";
import { KIND_LABEL } from "@/lib/format";
import { pages } from "@/lib/urls";
import { useSources } from "./queries";

const DOT = { up: "bg-emerald-500", down: "bg-red-500", degraded: "bg-amber-500" } as const;

export function SourcesNav({ pathname }: { pathname: string }) {
  const { data } = useSources();
  return (
    <div>
      <p className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Sources</p>
      <ul className="space-y-1">
        {(data ?? []).map((s) => {
          const href = pages.source(s.id);
          const active = pathname.startsWith(href);
          const state = s.status === "down" ? "down" : s.degraded ? "degraded" : "up";
          return (
            <li key={s.id}>
              <Link
                href={href}
                aria-current={active ? "page" : undefined}
                className={`flex items-center gap-2 rounded-md px-3 py-1.5 ${active ? "bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
              >
                <span className={`h-2 w-2 shrink-0 rounded-full ${DOT[state]}`} aria-label={state} />
                <span className="truncate">{s.name}</span>
                <span className="ml-auto text-xs text-slate-400">{KIND_LABEL[s.kind]}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
