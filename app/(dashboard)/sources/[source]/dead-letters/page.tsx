import { DeadLettersPage } from "@/components/rabbitmq/dead-letters-page";

export default async function Page({ params }: { params: Promise<{ source: string }> }) {
  const { source } = await params;
  return <DeadLettersPage sourceId={decodeURIComponent(source)} />;
}
