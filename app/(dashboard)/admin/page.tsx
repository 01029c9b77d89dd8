import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { pages } from "@/lib/urls";
import { currentUser } from "@/server/auth/current-user";
import { UsersAdmin } from "@/components/admin/users-admin";
import { TokensAdmin } from "@/components/admin/tokens-admin";

export const metadata: Metadata = { title: "Users and tokens" };

export default async function AdminPage() {
  const me = await currentUser();
  if (me?.role !== "admin") redirect(pages.overview());
  return (
    <div className="space-y-8">
      <h1 className="text-xl font-semibold">Users and API tokens</h1>
      <UsersAdmin me={me.username} />
      <TokensAdmin />
    </div>
  );
}
