import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { pages } from "@/lib/urls";
import { currentUser } from "@/server/auth/current-user";
import { AppShell } from "@/components/app-shell";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const me = await currentUser();
  if (!me) redirect(pages.signIn());
  return <AppShell me={me}>{children}</AppShell>;
}
