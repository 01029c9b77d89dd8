import type { ReactNode } from "react";
import { ApiError } from "@/lib/api-client";
import { EmptyState, ErrorState, Spinner } from "./states";

/** The part of a TanStack query (or a hook shaped like one) that decides what to show. */
export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
}

/**
 * Loading, error, not found and empty, said the same way everywhere; `children` gets the data.
 * Data kept from an earlier answer wins over a later error: a failed poll does not blank a page.
 */
export function QueryView<T>({
  query,
  loading = "Loading",
  isEmpty,
  empty,
  notFound,
  children,
}: {
  query: QueryLike<T>;
  /** The spinner's label, or a skeleton of what is coming. */
  loading?: string | ReactNode;
  isEmpty?: (data: T) => boolean;
  /** Shown when `isEmpty(data)`; a title string becomes an EmptyState. */
  empty?: ReactNode;
  /** Shown for a 404 from the API instead of the error text (and instead of older data). */
  notFound?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { data, error, isPending } = query;
  // Gone is gone, even with an older answer at hand.
  if (notFound && error instanceof ApiError && error.status === 404) return <>{notFound}</>;
  if (data === undefined) {
    if (error) return <ErrorState error={error} />;
    if (isPending) return typeof loading === "string" ? <Spinner label={loading} /> : <>{loading}</>;
    return null;
  }
  if (isEmpty?.(data)) return typeof empty === "string" ? <EmptyState title={empty} /> : <>{empty ?? null}</>;
  return <>{children(data)}</>;
}
