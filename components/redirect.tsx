"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Spinner } from "./ui/states";

/** Replaces the address (no history entry) with `to`, keeping the query string: old links land on new URLs. */
export function Redirect({ to }: { to: string }) {
  const router = useRouter();
  useEffect(() => router.replace(`${to}${window.location.search}`), [router, to]);
  return <Spinner label="Opening" />;
}
