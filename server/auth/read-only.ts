/** QUEUEDECK_READ_ONLY=1: every action is refused (and audited as denied), reads still work. */
export function isReadOnly(): boolean {
  return process.env.QUEUEDECK_READ_ONLY === "1" || process.env.QUEUEDECK_READ_ONLY === "true";
}
