import { QueuePage } from "@/components/queue-page";

export default async function Page({ params }: { params: Promise<{ source: string; queue: string }> }) {
  const { source, queue } = await params;
  return <QueuePage sourceId={decodeURIComponent(source)} queueId={decodeURIComponent(queue)} />;
}
