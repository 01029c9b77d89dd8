import { route } from "@/server/http/route";
import { exchangeParamsSchema, publishBodySchema } from "@/lib/rabbitmq";
import { opsOf } from "@/server/http/source-route";
import { runAction } from "@/server/actions/run-action";
import { methodNotAllowed } from "@/server/http/errors";

export const dynamic = "force-dynamic";

/** A test message to an exchange (its opaque id; the default exchange has one too). */
export const POST = route({ role: "operator", params: exchangeParamsSchema, body: publishBodySchema }, async ({ rt, principal, params, body }) => {
  const ops = opsOf(rt, params.source, "publish");
  const size = body.payloadEncoding === "base64" ? Buffer.from(body.payload, "base64").length : Buffer.byteLength(body.payload);
  return runAction(
    rt,
    principal,
    { action: "message.publish", source: params.source, target: params.exchange, params: { routingKey: body.routingKey, size, headers: Object.keys(body.headers).length } },
    async () => {
      const result = await ops.publish(params.exchange, body);
      return { result, counts: { published: 1, routed: result.routed ? 1 : 0 } };
    },
  );
});

// Every other method: a JSON 405, not an empty one.
const notAllowed = methodNotAllowed("POST");
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
