import { CeleryTaskPage } from "@/components/celery/task-page";

export default async function Page({ params }: { params: Promise<{ source: string; taskId: string }> }) {
  const { source, taskId } = await params;
  return <CeleryTaskPage sourceId={decodeURIComponent(source)} taskId={decodeURIComponent(taskId)} />;
}
