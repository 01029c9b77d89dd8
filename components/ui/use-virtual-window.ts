"use client";

import { useCallback, useLayoutEffect, useRef, useState } from "react";

const OVERSCAN = 8;

/**
 * Which rows of a fixed-height list are in view of a scroll box (plus a few either side).
 * `enabled` false: all of them (the box then just scrolls a plain table).
 */
export function useVirtualWindow(count: number, rowHeight: number, enabled: boolean, headerHeight: () => number) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const onScroll = useCallback(() => setScrollTop(box.current?.scrollTop ?? 0), []);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !enabled) return;
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 800));
    ro.observe(el);
    return () => ro.disconnect();
  }, [enabled]);
  const findRow = (index: number) => box.current?.querySelector<HTMLTableRowElement>(`tr[data-row-index="${index}"]`) ?? null;
  /** Scrolls row `index` into the box, below the sticky header; the window follows the scroll. */
  const reveal = (index: number) => {
    const el = box.current;
    if (!el) return;
    const top = index * rowHeight;
    const room = el.clientHeight - headerHeight();
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + room) el.scrollTop = top + rowHeight - room;
  };
  if (!enabled) return { box, onScroll, findRow, reveal: undefined, first: 0, last: count };
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);
  return { box, onScroll, findRow, reveal, first, last };
}
