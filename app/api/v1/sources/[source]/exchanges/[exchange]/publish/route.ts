import { exchangeParamsSchema, publishBodySchema, rabbitNameOfId } from "@/lib/rabbitmq";
import { actionRoute } from "@/server/http/action-route";
import { opsOf } from "@/server/http/source-route";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** A test message to an exchange (its opaque id; the default exchange has one too). */
export const POST = actionRoute(
  {
    action: "message.publish",
    params: exchangeParamsSchema,
    body: publishBodySchema,
    audit: ({ params, body }) => ({
      source: params.source,
      target: rabbitNameOfId(params.exchange, "exchange"),
      // Sizes and counts only: payloads and header values may hold personal data.
      params: {
        routingKey: body.routingKey,
        size: body.payloadEncoding === "base64" ? Buffer.from(body.payload, "base64").length : Buffer.byteLength(body.payload),
        headers: Object.keys(body.headers).length,
      },
    }),
  },
  async ({ rt, params, body }) => {
    const result = await opsOf(rt, params.source, "publish").publish(params.exchange, body);
    return { result, counts: { published: 1, routed: result.routed ? 1 : 0 } };
  },
);

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
