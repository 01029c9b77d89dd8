"use client";

import { useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { Button } from "./ui/button";

export function SignOutButton() {
  const qc = useQueryClient();
  async function signOut() {
    await api("/api/v1/session", { method: "DELETE" }).catch(() => undefined);
    qc.clear();
    window.location.assign("/signin");
  }
  return (
    <Button variant="ghost" onClick={signOut}>
      Sign out
    </Button>
  );
}
