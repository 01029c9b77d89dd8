import { SourceDetail } from "@/components/source-detail";

export default async function SourcePage({ params }: { params: Promise<{ source: string }> }) {
  const { source } = await params;
  return <SourceDetail sourceId={decodeURIComponent(source)} />;
}
