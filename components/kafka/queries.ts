"use client";

import type { KafkaGroupDto, KafkaTopicDto } from "@/lib/kafka";
import { useSnapshotList } from "../use-snapshot-list";

// Data hooks of the Kafka panel.

export const useKafkaGroups = (sourceId: string) => useSnapshotList<KafkaGroupDto>(sourceId, "groups");
export const useKafkaTopics = (sourceId: string) => useSnapshotList<KafkaTopicDto>(sourceId, "topics");
