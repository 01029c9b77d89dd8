// Runs once when the server process starts: validates the config (refusing to start when it is
// wrong) and starts the collector, so that sampling never depends on a request arriving.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/startup");
  await startServer();
}
