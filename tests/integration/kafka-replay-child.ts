// Run by kafka-replay.test.ts as its own process (tsx), then killed with SIGKILL mid-replay.
// Usage: tsx --conditions react-server tests/integration/kafka-replay-child.ts <brokers> <dlt> <ratePerSecond>
// Prints "progress <done>" lines as the replay goes and "finished <json>" at the end.
import { Kafka, logLevel } from "kafkajs";
import { replayTopic } from "@/server/brokers/kafka/replay";

async function main(): Promise<void> {
  const [brokers, topic, rate] = process.argv.slice(2);
  if (!brokers || !topic || !rate) throw new Error("usage: kafka-replay-child.ts <brokers> <dlt> <ratePerSecond>");
  const kafka = new Kafka({ clientId: "qd-replay-child", brokers: brokers.split(","), logLevel: logLevel.NOTHING });
  let last = -1;
  const report = await replayTopic(kafka, { topic, ratePerSecond: Number(rate) }, {
    signal: new AbortController().signal,
    update: ({ done }) => {
      if (done !== undefined && done !== last) {
        last = done;
        process.stdout.write(`progress ${done}\n`);
      }
    },
  });
  process.stdout.write(`finished ${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`replay child failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
