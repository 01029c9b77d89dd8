"use client";

import { useState } from "react";
import type { DecodedPayload } from "@/lib/dto";
import { formatBytes } from "@/lib/format";

/** Shows a decoded payload safely: never rendered as HTML, cut payloads say so with the real size. */
export function PayloadView({ payload }: { payload: DecodedPayload }) {
  const [asBase64, setAsBase64] = useState(false);
  const text = payload.encoding === "binary" && asBase64 ? payload.base64 ?? "" : payload.text;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono dark:bg-slate-800">{payload.encoding}</span>
        <span data-testid="payload-size">{formatBytes(payload.size)}</span>
        {payload.truncated && (
          <span className="text-amber-700 dark:text-amber-400">truncated: showing the first {formatBytes(payload.encoding === "binary" ? payload.text.length / 2 : 64 * 1024)}</span>
        )}
        {payload.encoding === "binary" && (
          <button className="underline" onClick={() => setAsBase64((b) => !b)}>
            show as {asBase64 ? "hex" : "base64"}
          </button>
        )}
      </div>
      <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md bg-slate-100 p-3 font-mono text-xs dark:bg-slate-950" data-testid="payload">
        {text || <span className="text-slate-400">(empty)</span>}
      </pre>
    </div>
  );
}
