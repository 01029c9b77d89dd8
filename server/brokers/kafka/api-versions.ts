import "server-only";
import net from "node:net";
import tls from "node:tls";

// Kafka never reports its release over the wire; the closest thing is the ApiVersions
// response (which request versions the broker supports). kafkajs keeps that response
// private, so we send our own request on a short-lived socket. ApiVersions is answered
// before any SASL handshake, so no credentials are ever sent on this socket.

export interface ApiRange {
  min: number;
  max: number;
}

/** api key -> supported version range, as the broker advertised it. */
export type ApiVersionTable = ReadonlyMap<number, ApiRange>;

const API_VERSIONS_KEY = 18;
const CORRELATION_ID = 0x51d3;

/** ApiVersions v0 (request header v1): every broker since 0.10 answers it, 4.x included. */
export function encodeApiVersionsRequest(clientId: string): Buffer {
  const id = Buffer.from(clientId, "utf8");
  const body = Buffer.alloc(2 + 2 + 4 + 2 + id.length);
  body.writeInt16BE(API_VERSIONS_KEY, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(CORRELATION_ID, 4);
  body.writeInt16BE(id.length, 8);
  id.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length, 0);
  return Buffer.concat([size, body]);
}

/**
 * Parses a complete v0 response frame (size prefix included). Throws on a frame that is
 * not an ApiVersions answer, e.g. when the port belongs to some other protocol.
 */
export function decodeApiVersionsResponse(frame: Buffer): ApiVersionTable {
  if (frame.length < 14) throw new Error("not a Kafka ApiVersions response (too short)");
  const correlation = frame.readInt32BE(4);
  if (correlation !== CORRELATION_ID) throw new Error("not a Kafka ApiVersions response (correlation id)");
  const errorCode = frame.readInt16BE(8);
  const count = frame.readInt32BE(10);
  if (count < 0 || 14 + count * 6 > frame.length) throw new Error("not a Kafka ApiVersions response (bad array)");
  // Error 35 (UNSUPPORTED_VERSION) still carries the broker's ranges; anything else is a failure.
  if (errorCode !== 0 && errorCode !== 35) throw new Error(`ApiVersions failed with Kafka error code ${errorCode}`);
  const table = new Map<number, ApiRange>();
  for (let i = 0, o = 14; i < count; i++, o += 6) {
    table.set(frame.readInt16BE(o), { min: frame.readInt16BE(o + 2), max: frame.readInt16BE(o + 4) });
  }
  return table;
}

export interface ApiVersionsTarget {
  host: string;
  port: number;
  ssl?: boolean;
  timeoutMs: number;
  clientId: string;
}

/** Biggest frame we accept: a real response is ~600 bytes; anything huge is not Kafka. */
const MAX_FRAME = 64 * 1024;

export function fetchApiVersions(target: ApiVersionsTarget): Promise<ApiVersionTable> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let received = Buffer.alloc(0);
    const socket: net.Socket = target.ssl
      ? tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) ? undefined : target.host })
      : net.connect({ host: target.host, port: target.port });
    const finish = (err: Error | null, table?: ApiVersionTable) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(table!);
    };
    const timer = setTimeout(
      () => finish(new Error(`ApiVersions from ${target.host}:${target.port} timed out after ${target.timeoutMs} ms`)),
      target.timeoutMs,
    );
    socket.once(target.ssl ? "secureConnect" : "connect", () => socket.write(encodeApiVersionsRequest(target.clientId)));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 4) return;
      const size = received.readInt32BE(0);
      if (size < 0 || size > MAX_FRAME) return finish(new Error("not a Kafka ApiVersions response (frame size)"));
      if (received.length < 4 + size) return;
      try {
        finish(null, decodeApiVersionsResponse(received.subarray(0, 4 + size)));
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on("error", (err) => finish(err));
    socket.on("close", () => finish(new Error(`${target.host}:${target.port} closed the connection before answering ApiVersions`)));
  });
}
