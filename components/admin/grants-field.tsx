"use client";

import { parseGrantLines, type Grant } from "@/lib/grants";
import { fieldClass } from "./field";

/** One grant a line: "role: sources". Validated with the server's own schema before sending. */
export function GrantsField({ name, defaultValue, value, onChange, label = "Access" }: { name?: string; defaultValue?: string; value?: string; onChange?: (v: string) => void; label?: string }) {
  return (
    <label className="text-sm">
      {label}
      <textarea
        name={name}
        rows={2}
        required
        {...(value !== undefined ? { value, onChange: (e) => onChange?.(e.target.value) } : { defaultValue })}
        className={`${fieldClass} font-mono text-xs`}
        spellCheck={false}
      />
    </label>
  );
}

export function GrantsHelp() {
  return (
    <p className="text-xs text-slate-500">
      Access, one grant a line: <code>role: sources</code>. Roles: viewer (reads), operator (actions), admin. Sources: <code>*</code> for all, ids,
      globs like <code>payments-*</code>, or <code>tag:&lt;tag&gt;</code>. The highest matching role counts; a source no line matches is hidden.
      Users, tokens and alert rules need <code>admin: *</code>.
    </p>
  );
}

/** Grants from the field's text, or the reason they are not valid. */
export function readGrants(text: string): { grants?: Grant[]; error?: string } {
  try {
    return { grants: parseGrantLines(text) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
