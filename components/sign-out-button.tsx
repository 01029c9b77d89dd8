"use client";

import { useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { apiPaths, pages } from "@/lib/urls";
import { Button } from "./ui/button";

export function SignOutButton() {
  const qc = useQueryClient();
  async function signOut() {
    await api(apiPaths.session(), { method: "DELETE" }).catch(() => undefined);
    qc.clear();
    // A full load drops every cached query and client state of the signed-out user.
    window.location.assign(pages.signIn());
  }
  return (
    <Button variant="ghost" onClick={signOut}>
      Sign out
    </Button>
  );
}
