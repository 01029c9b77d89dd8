import { jsonError } from "@/server/http/errors";

export const dynamic = "force-dynamic";

// Any /api path without a handler: JSON 404, never Next's HTML page.
const notFound = async (req: Request) => jsonError(404, "not_found", `no route ${req.method} ${new URL(req.url).pathname}`);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
