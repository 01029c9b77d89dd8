/** Rejects with `${what} timed out after Nms` when the promise takes longer. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long one health probe or one collector call may take before the source counts as down. */
export const PROBE_TIMEOUT_MS = 5000;

/**
 * Calls inside a probe get a little less than its budget, so that their own, more precise error
 * ("connect ETIMEDOUT", "GET ... timed out") wins over the outer guard's.
 */
export const INNER_TIMEOUT_MS = Math.floor(PROBE_TIMEOUT_MS * 0.9);
