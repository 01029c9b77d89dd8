// The API's error body, { error: { code, message } }. Free of "server-only" so proxy.ts answers
// in the same shape as the route handlers.
export function jsonError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}
