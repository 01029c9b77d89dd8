"use client";

import { useMemo, useState } from "react";
import { formatBytes } from "@/lib/format";
import { PayloadView } from "../payload-view";
import { textPayload } from "./text-payload";

/** args, kwargs or a result: the first 64 KiB with the real size, the whole text on request. */
export function TaskPayload({ text, empty }: { text: string | null; empty: string }) {
  const [whole, setWhole] = useState(false);
  const payload = useMemo(() => (text === null ? null : textPayload(text, whole ? Infinity : undefined)), [text, whole]);
  if (payload === null) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <div className="space-y-1">
      <PayloadView payload={payload} />
      {payload.truncated && (
        <button type="button" className="text-xs text-indigo-700 underline dark:text-indigo-300" onClick={() => setWhole(true)}>
          Show all {formatBytes(payload.size)}
        </button>
      )}
    </div>
  );
}
