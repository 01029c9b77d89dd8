import { JobPage } from "@/components/bullmq/job-page";

export default async function Page({ params }: { params: Promise<{ source: string; queue: string; jobId: string }> }) {
  const { source, queue, jobId } = await params;
  return <JobPage sourceId={decodeURIComponent(source)} queueId={decodeURIComponent(queue)} jobId={decodeURIComponent(jobId)} />;
}
