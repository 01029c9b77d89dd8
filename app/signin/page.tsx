import type { Metadata } from "next";
import { Suspense } from "react";
import { SignInForm } from "@/components/sign-in-form";
import { getRuntime } from "@/server/runtime";

export const metadata: Metadata = { title: "Sign in" };
// The sign-in choices come from the config read at start.
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  const auth = (await getRuntime()).config.auth;
  // Only the provider's display name reaches the browser: never the issuer's client secret.
  const sso = auth?.oidc ? { name: auth.oidc.name } : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <h1 className="text-2xl font-semibold tracking-tight">QueueDeck</h1>
          <p className="text-sm text-slate-500 dark:text-slate-400">RabbitMQ · Kafka · BullMQ · Celery</p>
        </div>
        <Suspense>
          <SignInForm sso={sso} local={auth?.localSignIn !== false} />
        </Suspense>
      </div>
    </main>
  );
}
