import { CeleryTasksPage } from "@/components/celery/task-list-page";

export default async function Page({ params }: { params: Promise<{ source: string }> }) {
  const { source } = await params;
  return <CeleryTasksPage sourceId={decodeURIComponent(source)} />;
}
