"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api } from "@/lib/api-client";
import { apiPaths } from "@/lib/urls";
import { safeNext } from "@/lib/safe-next";
import { Button } from "./ui/button";
import { Card } from "./ui/card";

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500 dark:border-slate-700 dark:bg-slate-950";

/** What the sign-in page says when single sign-on sent someone back without a session (?sso=). */
const SSO_REFUSALS: Record<string, string> = {
  no_access: "Your identity provider signed you in, but none of your groups or roles gives access to QueueDeck. Ask an admin to map one of them.",
  local_account: "A local QueueDeck account already has your name, so single sign-on cannot use it. Ask an admin.",
  disabled: "Your account is disabled in QueueDeck. Ask an admin.",
  no_username: "Your identity provider sent no name QueueDeck can use.",
  expired: "The sign-in took too long or was started in another browser. Try again.",
  failed: "Single sign-on did not complete. Try again.",
  unavailable: "The identity provider cannot be reached right now.",
};
export function SignInForm({ sso, local = true }: { sso?: { name: string }; local?: boolean }) {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const refusal = params.get("sso");
  const next = safeNext(params.get("next"));

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await api(apiPaths.session(), {
        method: "POST",
        body: { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? "") },
      });
      router.replace(next);
      router.refresh();
    } catch (err) {
      setError(err instanceof Error ? err.message : "sign-in failed");
      setBusy(false);
    }
  }

  return (
    <Card className="space-y-4 p-6">
      {refusal && (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200" data-testid="sso-refusal">
          {SSO_REFUSALS[refusal] ?? SSO_REFUSALS.failed}
        </p>
      )}
      {sso && (
        // A plain link: the start route redirects the whole page to the provider.
        <a
          href={`${apiPaths.oidcStart()}?next=${encodeURIComponent(next)}`}
          className="block w-full rounded-md bg-indigo-600 px-3 py-2 text-center text-sm font-medium text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400"
        >
          Sign in with {sso.name}
        </a>
      )}
      {sso && local && <p className="text-center text-xs text-slate-500">or with a QueueDeck account</p>}
      {local && (
        <form onSubmit={onSubmit} className="space-y-4" aria-label="Sign in">
          <label className="block text-sm font-medium">
            Username
            <input name="username" autoComplete="username" required autoFocus={!sso} className={input} />
          </label>
          <label className="block text-sm font-medium">
            Password
            <input name="password" type="password" autoComplete="current-password" required className={input} />
          </label>
          {error && (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {error}
            </p>
          )}
          <Button type="submit" variant="primary" className="w-full" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </Button>
        </form>
      )}
    </Card>
  );
}
