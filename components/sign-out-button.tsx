"use client";

import { useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { apiPaths, pages } from "@/lib/urls";
import { Button } from "./ui/button";

export function SignOutButton() {
  const qc = useQueryClient();
  async function signOut() {
    const r = await api<{ endSessionUrl?: string }>(apiPaths.session(), { method: "DELETE" }).catch(() => undefined);
    qc.clear();
    // A full load drops every cached query and client state of the signed-out user. A single
    // sign-on user goes on to the provider's sign-out, which sends the browser back to sign-in.
    window.location.assign(r?.endSessionUrl ?? pages.signIn());
  }
  return (
    <Button variant="ghost" onClick={signOut}>
      Sign out
    </Button>
  );
}
