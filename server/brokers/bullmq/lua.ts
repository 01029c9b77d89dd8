import "server-only";
import crypto from "node:crypto";
import type IORedis from "ioredis";

/** A Lua script run by SHA, loaded on first use (and again after SCRIPT FLUSH or a Redis restart). */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = crypto.createHash("sha1").update(source).digest("hex");
  }

  async run(redis: IORedis, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes("NOSCRIPT")) throw err;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
