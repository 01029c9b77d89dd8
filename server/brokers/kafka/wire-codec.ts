// The few Kafka wire types the batched group reads need (wire-requests.ts), in their
// "flexible" (KIP-482) forms: compact strings, arrays and bytes (length + 1 as an unsigned
// varint, 0 for null) and tagged-field sections (we send none and skip what we get).
// Pure: no socket, no kafkajs.

export class WireWriter {
  private buf = Buffer.alloc(256);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }

  int8(v: number): this {
    this.room(1);
    this.at = this.buf.writeInt8(v, this.at);
    return this;
  }

  int16(v: number): this {
    this.room(2);
    this.at = this.buf.writeInt16BE(v, this.at);
    return this;
  }

  int32(v: number): this {
    this.room(4);
    this.at = this.buf.writeInt32BE(v, this.at);
    return this;
  }

  int64(v: number): this {
    this.room(8);
    this.at = this.buf.writeBigInt64BE(BigInt(v), this.at);
    return this;
  }

  bool(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }

  uvarint(v: number): this {
    this.room(5);
    let n = v >>> 0;
    while (n >= 0x80) {
      this.buf[this.at++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.at++] = n;
    return this;
  }

  /** COMPACT_STRING / COMPACT_NULLABLE_STRING. */
  compactString(v: string | null): this {
    if (v === null) return this.uvarint(0);
    const n = Buffer.byteLength(v, "utf8");
    this.uvarint(n + 1);
    this.room(n);
    this.at += this.buf.write(v, this.at, n, "utf8");
    return this;
  }

  /** COMPACT_ARRAY (null: COMPACT_NULLABLE_ARRAY's null, e.g. "all topics"). */
  compactArray<T>(items: readonly T[] | null, each: (w: this, item: T) => void): this {
    if (items === null) return this.uvarint(0);
    this.uvarint(items.length + 1);
    for (const item of items) each(this, item);
    return this;
  }

  /** An empty tagged-field section. */
  tags(): this {
    return this.uvarint(0);
  }

  toBuffer(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

export class WireReader {
  private at = 0;

  constructor(private readonly buf: Buffer) {}

  int8(): number {
    const v = this.buf.readInt8(this.at);
    this.at += 1;
    return v;
  }

  int16(): number {
    const v = this.buf.readInt16BE(this.at);
    this.at += 2;
    return v;
  }

  int32(): number {
    const v = this.buf.readInt32BE(this.at);
    this.at += 4;
    return v;
  }

  /** INT64 as a number: exact up to 2^53, far beyond any real offset. */
  int64(): number {
    const hi = this.buf.readInt32BE(this.at);
    const lo = this.buf.readUInt32BE(this.at + 4);
    this.at += 8;
    return hi * 0x1_0000_0000 + lo;
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  uvarint(): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.buf[this.at++];
      if (b === undefined) throw new RangeError("truncated varint");
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    throw new RangeError("varint too long");
  }

  compactNullableString(): string | null {
    const n = this.uvarint();
    if (n === 0) return null;
    if (n === 1) return "";
    const end = this.at + n - 1;
    if (end > this.buf.length) throw new RangeError("truncated string");
    const s = this.buf.toString("utf8", this.at, end);
    this.at = end;
    return s;
  }

  compactString(): string {
    return this.compactNullableString() ?? "";
  }

  /** COMPACT_BYTES / COMPACT_NULLABLE_BYTES (null as an empty buffer). */
  compactBytes(): Buffer {
    const n = this.uvarint();
    if (n <= 1) return Buffer.alloc(0);
    const end = this.at + n - 1;
    if (end > this.buf.length) throw new RangeError("truncated bytes");
    const b = Buffer.from(this.buf.subarray(this.at, end));
    this.at = end;
    return b;
  }

  compactArray<T>(each: (r: this) => T): T[] {
    const n = this.uvarint();
    if (n === 0) return [];
    const out: T[] = new Array(n - 1);
    for (let i = 0; i < n - 1; i++) out[i] = each(this);
    return out;
  }

  /** Skips a tagged-field section. */
  tags(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint(); // tag
      const size = this.uvarint();
      this.at += size;
    }
  }

  get remaining(): number {
    return this.buf.length - this.at;
  }
}
