"use client";

import { useCallback, useLayoutEffect, useRef, useState, type ReactNode } from "react";

export interface VirtualColumn<T> {
  id: string;
  header: string;
  /** A CSS grid track: "minmax(12rem, 2fr)", "6rem"... */
  width: string;
  align?: "left" | "right";
  /** When set, the header is a sort button. */
  sortable?: boolean;
  cell: (row: T) => ReactNode;
}

export type SortState = { column: string; dir: "asc" | "desc" };

const OVERSCAN = 8;

/**
 * A table that renders only the rows in view (plus a few), so 10,000 rows scroll smoothly.
 * Rows have one fixed height; the body is a scroll box of `maxHeight` with a spacer for the
 * rows above. ARIA table roles keep it a table for assistive technology and tests.
 */
export function VirtualTable<T>({
  rows,
  columns,
  rowKey,
  rowHeight = 40,
  maxHeight = 560,
  sort,
  onSort,
  label,
  rowTestId,
  minWidth = "40rem",
}: {
  rows: readonly T[];
  columns: VirtualColumn<T>[];
  rowKey: (row: T) => string;
  rowHeight?: number;
  maxHeight?: number;
  sort?: SortState;
  onSort?: (column: string) => void;
  label: string;
  rowTestId?: string;
  /** Below this width the table scrolls sideways (phones) instead of squeezing its columns. */
  minWidth?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(maxHeight);
  const onScroll = useCallback(() => setScrollTop(box.current?.scrollTop ?? 0), []);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || maxHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [maxHeight]);

  const template = columns.map((c) => c.width).join(" ");
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);
  const visible = rows.slice(first, last);
  const height = Math.min(maxHeight, rows.length * rowHeight);

  return (
    <div role="table" aria-label={label} aria-rowcount={rows.length + 1} className="overflow-x-auto text-sm">
      <div style={{ minWidth }}>
        <div role="row" aria-rowindex={1} className="grid border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => {
            const active = sort?.column === c.id;
            return (
              <div
                key={c.id}
                role="columnheader"
                aria-sort={active ? (sort!.dir === "asc" ? "ascending" : "descending") : undefined}
                className={`px-3 py-2 ${c.align === "right" ? "text-right" : ""}`}
              >
                {c.sortable && onSort ? (
                  <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-slate-100" onClick={() => onSort(c.id)}>
                    {c.header}
                    <span aria-hidden className={active ? "" : "opacity-30"}>
                      {active && sort!.dir === "desc" ? "▼" : "▲"}
                    </span>
                  </button>
                ) : (
                  c.header
                )}
              </div>
            );
          })}
        </div>
        <div ref={box} onScroll={onScroll} className="overflow-y-auto" style={{ height }} data-testid="virtual-body">
          <div style={{ height: rows.length * rowHeight, position: "relative" }}>
            <div style={{ transform: `translateY(${first * rowHeight}px)` }}>
              {visible.map((row, i) => (
                <div
                  key={rowKey(row)}
                  role="row"
                  aria-rowindex={first + i + 2}
                  data-testid={rowTestId}
                  className="grid items-center border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50"
                  style={{ gridTemplateColumns: template, height: rowHeight }}
                >
                  {columns.map((c) => (
                    <div key={c.id} role="cell" className={`truncate px-3 ${c.align === "right" ? "text-right tabular-nums" : ""}`}>
                      {c.cell(row)}
                    </div>
                  ))}
                </div>
              ))}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
