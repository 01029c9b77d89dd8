// Runs once when the server process starts: validates the config (refusing to start when it is
// wrong) and starts the collector, so that sampling never depends on a request arriving.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getRuntime } = await import("./server/runtime");
  try {
    await getRuntime();
  } catch (err) {
    const { errorText } = await import("./server/redact");
    console.error(`[queuedeck] refusing to start: ${errorText(err)}`);
    process.exit(1);
  }
}
