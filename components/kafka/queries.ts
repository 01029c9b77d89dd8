"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { BrowseResultDto, GroupDetailDto, KafkaGroupDto, KafkaTopicDto, OffsetResetResultDto, TopicPageDto } from "@/lib/kafka";
import type { DeadLetterTopicItemDto } from "@/lib/kafka-dead-letters";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { useSnapshotList } from "../use-snapshot-list";

// Data hooks of the Kafka panel and the group page.

export const useKafkaGroups = (sourceId: string) => useSnapshotList<KafkaGroupDto>(sourceId, "groups");
export const useKafkaTopics = (sourceId: string) => useSnapshotList<KafkaTopicDto>(sourceId, "topics");

/** GET .../groups/{group}: read live on every poll. */
export function useGroupDetail(sourceId: string, groupId: string) {
  return useQuery({
    queryKey: [...queryKeys.source(sourceId), "group", groupId],
    queryFn: ({ signal }) => api<GroupDetailDto>(apiPaths.group(sourceId, groupId), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

/** The topic page: a live read (partitions, configs) plus the groups from the snapshot. */
export function useKafkaTopic(source: string, topic: string) {
  return useQuery({
    queryKey: queryKeys.topic(source, topic),
    queryFn: ({ signal }) => api<TopicPageDto>(apiPaths.topic(source, topic), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
  });
}

/** The body of POST .../groups/{group}/offsets as the dialog builds it. */
export interface ResetBody {
  to: "earliest" | "latest" | { timestamp: number } | { offset: number } | { shiftBy: number };
  topic?: string;
  partitions?: number[];
  dryRun: boolean;
}

/** Dry run or apply; after an apply every read of the source is stale. */
export function useResetOffsets(sourceId: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ResetBody) => api<OffsetResetResultDto>(apiPaths.groupOffsets(sourceId, groupId), { method: "POST", body }),
    onSettled: (_d, _e, body) => (body.dryRun ? undefined : qc.invalidateQueries({ queryKey: queryKeys.source(sourceId) })),
  });
}

export function useDeleteGroup(sourceId: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ groupId: string; state: string }>(apiPaths.group(sourceId, groupId), { method: "DELETE" }),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.source(sourceId) }),
  });
}

/** One browse read; `query` is the API query (partition, offset/timestamp/newest, limit, q, key, header). */
export function useTopicMessages(source: string, topic: string, query: Record<string, string | number | undefined> | null) {
  const key = JSON.stringify(query ?? {});
  return useQuery({
    queryKey: queryKeys.topicMessages(source, topic, key),
    queryFn: ({ signal }) => api<BrowseResultDto>(apiPaths.topicMessages(source, topic, query ?? {}), { signal }),
    enabled: query !== null,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

export const useKafkaDeadLetters = (sourceId: string) => useSnapshotList<DeadLetterTopicItemDto>(sourceId, "dead-letters");
