"use client";

import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import { useSnapshotList } from "../use-snapshot-list";

// Data hooks and API paths of the Kafka panel.

const sourcePath = (sourceId: string) => `/api/v1/sources/${encodeURIComponent(sourceId)}`;
/** Series URLs take the `id` the list items carry. */
export const groupSeriesPath = (sourceId: string, groupId: string) => `${sourcePath(sourceId)}/groups/${encodeURIComponent(groupId)}/series`;
export const topicSeriesPath = (sourceId: string, topicId: string) => `${sourcePath(sourceId)}/topics/${encodeURIComponent(topicId)}/series`;

export const useKafkaGroups = (sourceId: string) => useSnapshotList<KafkaGroupDto>(sourceId, "groups");
export const useKafkaTopics = (sourceId: string) => useSnapshotList<KafkaTopicDto>(sourceId, "topics");
