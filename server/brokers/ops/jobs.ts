import "server-only";

/**
 * Job-level operations of job queues (BullMQ today): browse, retry, remove, promote, clean,
 * pause, rate limits, cancel. Announced by capabilities.jobs / pause / rateLimit. Filled in by the BullMQ work.
 */
export interface JobOps {
  placeholder?: never;
}
