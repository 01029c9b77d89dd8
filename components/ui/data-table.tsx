"use client";

import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, type ReactNode } from "react";
import { Card } from "./card";
import { columnId, nextSort, sortRows, type Column, type SortState } from "./table-sort";
import { useRowKeys } from "./use-row-keys";
import { useVirtualWindow } from "./use-virtual-window";

export type { Column, SortState } from "./table-sort";

/** Past this many rows only the rows in view are rendered (each of `rowHeight`). */
export const VIRTUALIZE_AFTER = 300;

/**
 * The one table of the app. Real table markup; a header that sticks in its scroll box; columns
 * sortable by a header click (sort state controlled from outside, e.g. the URL, or kept here);
 * rows reachable by keyboard (ArrowUp/ArrowDown/Home/End, Enter opens the row's link);
 * virtualized past VIRTUALIZE_AFTER rows, plain below (rows then grow with their content).
 */
export function DataTable<T>({
  rows,
  columns,
  rowKey,
  label,
  rowTestId,
  rowHref,
  rowSelected,
  sort: controlledSort,
  defaultSort = null,
  onSortChange,
  empty,
  testId,
  caption,
  minWidth,
  maxHeight = "36rem",
  rowHeight = 40,
  virtualizeAfter = VIRTUALIZE_AFTER,
  density = "normal",
  framed = true,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  /** The table's accessible name. */
  label: string;
  rowTestId?: string | ((row: T) => string);
  /** Where Enter on a row goes; without it Enter follows the first link in the row. */
  rowHref?: (row: T) => string | undefined;
  /** A highlighted row (aria-selected). */
  rowSelected?: (row: T) => boolean;
  /** Controlled sort (null = rows as given); leave undefined to let the table keep it. */
  sort?: SortState | null;
  defaultSort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  /** Shown instead of the table when there is no row. */
  empty?: ReactNode;
  /** data-testid of the <table>. */
  testId?: string;
  caption?: ReactNode;
  /** Below this width the table scrolls sideways (phones) instead of squeezing its columns. */
  minWidth?: string;
  /** Height of the scroll box the header sticks in. */
  maxHeight?: string;
  rowHeight?: number;
  virtualizeAfter?: number;
  density?: "normal" | "compact";
  /** In a card of its own (default), or bare inside something that is one already. */
  framed?: boolean;
}) {
  const router = useRouter();
  const [ownSort, setOwnSort] = useState<SortState | null>(defaultSort);
  const sort = controlledSort === undefined ? ownSort : controlledSort;
  const sorted = useMemo(() => sortRows(rows, columns, sort), [rows, columns, sort]);
  const virtual = sorted.length > virtualizeAfter;
  const head = useRef<HTMLTableSectionElement>(null);
  const { box, onScroll, findRow, reveal, first, last } = useVirtualWindow(sorted.length, rowHeight, virtual, () => head.current?.offsetHeight ?? 0);
  const keys = useRowKeys({
    count: sorted.length,
    findRow,
    reveal,
    onOpen: (i, tr) => {
      const href = rowHref?.(sorted[i]!);
      if (href) router.push(href);
      else tr.querySelector<HTMLAnchorElement>("a[href]")?.click();
    },
  });

  if (!sorted.length && empty !== undefined) return <>{empty}</>;

  const clickSort = (c: Column<T>) => {
    const next = nextSort(sort, c);
    setOwnSort(next);
    onSortChange?.(next);
  };
  const pad = density === "compact" ? "px-2 py-1" : "px-3 py-2";
  const cellCls = (c: Column<T>) => `${pad} border-b border-slate-100 dark:border-slate-800 ${c.align === "right" ? "text-right tabular-nums" : ""} ${virtual ? "truncate" : ""} ${c.className ?? ""}`;
  const tabbable = keys.active >= first && keys.active < last ? keys.active : first;
  const visible = sorted.slice(first, last);
  const spacer = (height: number) =>
    height > 0 && (
      <tr aria-hidden data-spacer>
        <td colSpan={columns.length} style={{ height, padding: 0, border: 0 }} />
      </tr>
    );

  const table = (
    <div ref={box} onScroll={onScroll} className="overflow-auto" style={{ maxHeight }} data-testid="table-scroll" data-virtual={virtual}>
      <table
        aria-label={label}
        aria-rowcount={virtual ? sorted.length + 1 : undefined}
        data-testid={testId}
        className={`w-full border-separate border-spacing-0 text-left ${density === "compact" ? "text-xs" : "text-sm"}`}
        style={{ minWidth, tableLayout: virtual ? "fixed" : undefined }}
      >
        {caption && <caption className="px-1 pb-1 text-left text-xs text-slate-500">{caption}</caption>}
        {columns.some((c) => c.width) && (
          <colgroup>
            {columns.map((c) => (
              <col key={columnId(c)} style={{ width: c.width }} />
            ))}
          </colgroup>
        )}
        <thead ref={head} className="sticky top-0 z-[1] bg-white text-xs uppercase tracking-wide text-slate-500 dark:bg-slate-900 dark:text-slate-400">
          <tr aria-rowindex={virtual ? 1 : undefined}>
            {columns.map((c) => {
              const active = sort?.column === columnId(c);
              return (
                <th
                  key={columnId(c)}
                  scope="col"
                  title={c.title}
                  aria-sort={active ? (sort!.dir === "asc" ? "ascending" : "descending") : undefined}
                  className={`${pad} whitespace-nowrap border-b border-slate-200 font-medium dark:border-slate-700 ${c.align === "right" ? "text-right" : ""}`}
                >
                  {c.sortValue ? (
                    <button type="button" className="inline-flex items-center gap-1 uppercase hover:text-slate-900 dark:hover:text-slate-100" onClick={() => clickSort(c)}>
                      {c.header}
                      <span aria-hidden className={active ? "" : "opacity-30"}>
                        {active && sort!.dir === "desc" ? "▼" : "▲"}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {spacer(first * rowHeight)}
          {visible.map((row, i) => {
            const index = first + i;
            const selected = rowSelected?.(row);
            return (
              <tr
                key={rowKey(row)}
                data-row-index={index}
                aria-rowindex={virtual ? index + 2 : undefined}
                aria-selected={selected}
                data-testid={typeof rowTestId === "function" ? rowTestId(row) : rowTestId}
                tabIndex={index === tabbable ? 0 : -1}
                onFocus={(e) => e.target === e.currentTarget && keys.setActive(index)}
                onKeyDown={keys.onKeyDown(index)}
                style={virtual ? { height: rowHeight } : undefined}
                className={`outline-none hover:bg-slate-50 focus-visible:bg-indigo-50 focus-visible:shadow-[inset_3px_0_0_var(--color-indigo-500)] dark:hover:bg-slate-800/50 dark:focus-visible:bg-indigo-950/60 ${selected ? "bg-indigo-50 dark:bg-indigo-950/40" : ""}`}
              >
                {columns.map((c) =>
                  c.rowHeader ? (
                    <th key={columnId(c)} scope="row" className={`${cellCls(c)} font-normal`}>
                      {c.cell(row)}
                    </th>
                  ) : (
                    <td key={columnId(c)} className={cellCls(c)}>
                      {c.cell(row)}
                    </td>
                  ),
                )}
              </tr>
            );
          })}
          {spacer((sorted.length - last) * rowHeight)}
        </tbody>
      </table>
    </div>
  );
  return framed ? <Card className="overflow-hidden">{table}</Card> : table;
}
