"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";

/**
 * Keyboard moves between a table's rows: one row is in the tab order (roving tabindex),
 * ArrowUp/ArrowDown/Home/End move focus, Enter opens the row. A row not rendered yet (virtual
 * list) is scrolled to first, then focused once it is there.
 */
export function useRowKeys({
  count,
  findRow,
  reveal,
  onOpen,
}: {
  count: number;
  /** The rendered row of that index, if it is rendered. */
  findRow: (index: number) => HTMLTableRowElement | null;
  /** Scrolls a virtual list to the row (so it gets rendered); undefined for a plain table. */
  reveal?: (index: number) => void;
  onOpen: (index: number, row: HTMLTableRowElement) => void;
}) {
  const [active, setActive] = useState(0);
  const wanted = useRef<number | null>(null);

  useEffect(() => {
    if (wanted.current === null) return;
    const row = findRow(wanted.current);
    if (!row) return;
    wanted.current = null;
    row.focus({ preventScroll: reveal !== undefined });
  });

  function moveTo(index: number) {
    const i = Math.max(0, Math.min(count - 1, index));
    setActive(i);
    wanted.current = i;
    reveal?.(i);
  }

  const onKeyDown = (index: number) => (e: KeyboardEvent<HTMLTableRowElement>) => {
    // Keys typed in a cell's own controls (buttons, inputs) stay theirs.
    if (e.target !== e.currentTarget) return;
    const step: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: count - 1 };
    if (e.key in step) {
      e.preventDefault();
      moveTo(step[e.key]!);
    } else if (e.key === "Enter") {
      e.preventDefault();
      onOpen(index, e.currentTarget);
    }
  };

  return { active: Math.min(active, Math.max(0, count - 1)), setActive, onKeyDown };
}
