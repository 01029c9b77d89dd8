import type { Metadata } from "next";
import { Suspense } from "react";
import { InboxPage } from "@/components/dead-letters/inbox-page";

export const metadata: Metadata = { title: "Dead letters" };

export default function DeadLettersPage() {
  return (
    <Suspense>
      <InboxPage />
    </Suspense>
  );
}
