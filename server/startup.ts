import "server-only";
import { getRuntime } from "./runtime";
import { errorText } from "./redact";

/** Validates the config and starts the collector; a bad config stops the process, naming the field. */
export async function startServer(): Promise<void> {
  try {
    await getRuntime();
  } catch (err) {
    console.error(`[queuedeck] refusing to start: ${errorText(err)}`);
    process.exit(1);
  }
}
