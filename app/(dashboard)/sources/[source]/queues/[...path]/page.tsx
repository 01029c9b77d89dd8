import { QueuePage } from "@/components/queue-page";

// /sources/{source}/queues/{...}: what the segments name depends on the source's kind
// (RabbitMQ: vhost and queue; BullMQ: queue, or queue/jobs/{id}); the client part resolves them.
export default async function Page({ params }: { params: Promise<{ source: string; path: string[] }> }) {
  const { source, path } = await params;
  return <QueuePage sourceId={decodeURIComponent(source)} segments={path.map((s) => decodeURIComponent(s))} />;
}
