import { KafkaTopicPage } from "@/components/kafka/topic-page";

export default async function Page({ params }: { params: Promise<{ source: string; topic: string }> }) {
  const { source, topic } = await params;
  return <KafkaTopicPage sourceId={decodeURIComponent(source)} topic={decodeURIComponent(topic)} />;
}
