"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

/**
 * A piece of view state (filter, tab, sort, time range) kept in the query string, so a copied
 * link opens the same view. Read from the URL once, on mount; each change replaces the URL
 * (history.replaceState, which Next's router follows): no history entry per keystroke and no
 * server round trip. The default is left out of the URL. `allowed` drops values a hand-edited
 * link may carry.
 */
export function useUrlState<T extends string = string>(key: string, fallback: NoInfer<T>, allowed?: readonly T[]): [T, (value: T) => void] {
  const params = useSearchParams();
  const [value, setValue] = useState<T>(() => {
    const raw = params.get(key);
    return raw !== null && (!allowed || (allowed as readonly string[]).includes(raw)) ? (raw as T) : fallback;
  });
  const set = useCallback(
    (next: T) => {
      setValue(next);
      // The live URL, not the params of the last render: two changes in one tick both stay.
      const url = new URL(window.location.href);
      if (next === fallback) url.searchParams.delete(key);
      else url.searchParams.set(key, next);
      window.history.replaceState(null, "", url);
    },
    [key, fallback],
  );
  return [value, set];
}
