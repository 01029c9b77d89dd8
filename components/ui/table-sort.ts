import type { ReactNode } from "react";

export interface Column<T> {
  /** Stable name of the column: the sort key (and what the URL carries). Defaults to `header`. */
  id?: string;
  header: string;
  /** Hover text of the header (what an abbreviated header means). */
  title?: string;
  cell: (row: T) => ReactNode;
  align?: "left" | "right";
  /** Classes of each of its cells: font, colour, vertical alignment... */
  className?: string;
  /** CSS width ("14rem", "8%"). Past the virtualization threshold columns no longer size to their content: give the wide ones a width. */
  width?: string;
  /** Makes the header a sort button; rows are ordered by this value (numbers or text). */
  sortValue?: (row: T) => string | number;
  /** The first click sorts descending: counts and rates, biggest first. */
  descFirst?: boolean;
  /** The cell names its row (a <th scope="row">). */
  rowHeader?: boolean;
}

export type SortState = { column: string; dir: "asc" | "desc" };

export const columnId = <T>(c: Column<T>): string => c.id ?? c.header;

/** The state after a click on a column's header: the same column flips, another starts at its first direction. */
export function nextSort<T>(current: SortState | null, column: Column<T>): SortState {
  const id = columnId(column);
  if (current?.column === id) return { column: id, dir: current.dir === "asc" ? "desc" : "asc" };
  return { column: id, dir: column.descFirst ? "desc" : "asc" };
}

/** A sorted copy; stable, so rows that tie keep the order they came in (e.g. by name). */
export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], sort: SortState | null): readonly T[] {
  const column = sort && columns.find((c) => columnId(c) === sort.column);
  const value = column?.sortValue;
  if (!sort || !value) return rows;
  const dir = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y))) * dir;
  });
}

/** "-depth" is depth descending, "name" is name ascending: the URL form of a sort. */
export const sortToParam = (s: SortState): string => `${s.dir === "desc" ? "-" : ""}${s.column}`;
export const sortFromParam = (p: string): SortState | null =>
  p ? (p.startsWith("-") ? { column: p.slice(1), dir: "desc" } : { column: p, dir: "asc" }) : null;
