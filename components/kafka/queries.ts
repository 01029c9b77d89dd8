"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import type { BrowseResultDto, DeadLetterTopicItemDto, KafkaGroupDto, KafkaTopicDto, TopicPageDto } from "@/lib/kafka";
import { POLL } from "@/lib/polling";
import { queryKeys } from "@/lib/query-keys";
import { apiPaths } from "@/lib/urls";
import { useSnapshotList } from "../use-snapshot-list";

// Data hooks of the Kafka panel.

export const useKafkaGroups = (sourceId: string) => useSnapshotList<KafkaGroupDto>(sourceId, "groups");
export const useKafkaTopics = (sourceId: string) => useSnapshotList<KafkaTopicDto & { produceRate?: number | null }>(sourceId, "topics");

/** The topic page: a live read (partitions, configs) plus the groups from the snapshot. */
export function useKafkaTopic(source: string, topic: string) {
  return useQuery({
    queryKey: queryKeys.topic(source, topic),
    queryFn: ({ signal }) => api<TopicPageDto>(apiPaths.topic(source, topic), { signal }),
    refetchInterval: POLL.lists,
    placeholderData: keepPreviousData,
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
