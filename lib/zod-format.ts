import type { z } from "zod";

/** "sources.0.amqpUrl: must be a URL ..." — names the field, never echoes the value. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}
