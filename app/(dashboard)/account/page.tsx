import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { pages } from "@/lib/urls";
import { currentUser } from "@/server/auth/current-user";
import { ChangePassword } from "@/components/admin/change-password";
import { describeGrants } from "@/lib/grants";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const me = await currentUser();
  if (!me) redirect(pages.signIn(pages.account()));
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-xl font-semibold">Your account</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Signed in as <strong>{me.username}</strong>: <span className="font-mono text-xs">{describeGrants(me.grants)}</span>.
      </p>
      <ChangePassword />
    </div>
  );
}
