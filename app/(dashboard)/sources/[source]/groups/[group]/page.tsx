import { GroupPage } from "@/components/kafka/group-page";

export default async function Page({ params }: { params: Promise<{ source: string; group: string }> }) {
  const { source, group } = await params;
  return <GroupPage sourceId={decodeURIComponent(source)} groupId={decodeURIComponent(group)} />;
}
