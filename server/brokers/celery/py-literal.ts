import "server-only";

// Celery's events carry a task's args and kwargs as Python reprs ("(1, 'a')", "{'x': None}").
// Sending a task again needs the values themselves: this reads the literal subset a repr of
// JSON-serializable values uses (None/True/False, numbers, strings, lists, tuples, dicts) and
// JSON too. Anything else (objects, sets, bytes, Decimal(...), a repr cut short with "...")
// is refused with where and why, so a retry never sends something other than the original.

export class PyLiteralError extends Error {}

export function parsePyLiteral(text: string): unknown {
  const p = new Parser(text);
  p.space();
  const value = p.value();
  p.space();
  if (p.pos < text.length) p.fail("unexpected text after the value");
  return value;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v" };
const NUMBER = /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?/;

class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(why: string): never {
    throw new PyLiteralError(`${why} at character ${this.pos + 1}`);
  }

  space() {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.pos++;
  }

  private eat(ch: string): boolean {
    this.space();
    if (this.s[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  value(): unknown {
    this.space();
    const c = this.s[this.pos];
    if (c === undefined) this.fail("a value is missing");
    if (c === "'" || c === '"') return this.string();
    if (c === "[") return this.sequence("[", "]");
    if (c === "(") return this.sequence("(", ")");
    if (c === "{") return this.dict();
    const word = /^[A-Za-z_]\w*/.exec(this.s.slice(this.pos))?.[0];
    if (word) {
      const known: Record<string, unknown> = { None: null, null: null, True: true, true: true, False: false, false: false };
      if (!(word in known)) this.fail(`"${word}" is not a plain value`);
      this.pos += word.length;
      return known[word];
    }
    return this.number();
  }

  private number(): number {
    const m = NUMBER.exec(this.s.slice(this.pos))?.[0] ?? "";
    if (!/\d/.test(m)) this.fail("not a value Celery could have sent as JSON");
    const text = m.replace(/_/g, "");
    const n = Number(text);
    if (!Number.isFinite(n)) this.fail("a number out of range");
    const integer = /^[-+]?\d+$/.test(text);
    if (integer && !Number.isSafeInteger(n)) this.fail("an integer too large to send back unchanged");
    // JSON has one number type: a Python float like 2.0 would come back as the int 2.
    if (!integer && Number.isInteger(n)) this.fail(`the float ${m} would arrive as an integer`);
    this.pos += m.length;
    return n;
  }

  private string(): string {
    const quote = this.s[this.pos]!;
    if (this.s.startsWith(quote.repeat(3), this.pos)) this.fail("triple-quoted strings are not read");
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.s[this.pos++];
      if (c === undefined) this.fail("a string is not closed");
      if (c === quote) return out;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = this.s[this.pos++];
      if (e === undefined) this.fail("a string is not closed");
      if (e in ESCAPES) out += ESCAPES[e];
      else if (e === "x" || e === "u" || e === "U") {
        const len = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = this.s.slice(this.pos, this.pos + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) this.fail(`a bad \\${e} escape`);
        out += String.fromCodePoint(parseInt(hex, 16));
        this.pos += len;
      } else this.fail(`an unknown escape \\${e}`);
    }
  }

  private sequence(open: string, close: string): unknown[] {
    this.pos++; // the opening bracket
    const out: unknown[] = [];
    if (this.eat(close)) return out;
    for (;;) {
      out.push(this.value());
      if (this.eat(close)) return out;
      if (!this.eat(",")) this.fail(`"," or "${close}" expected`);
      if (this.eat(close)) return out; // (1,) and a trailing comma
    }
  }

  private dict(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    if (this.eat("}")) return out;
    for (;;) {
      this.space();
      const c = this.s[this.pos];
      const key = c === "'" || c === '"' ? this.string() : this.value();
      if (typeof key !== "string") this.fail("only string keys survive a round trip through JSON");
      if (!this.eat(":")) this.fail('":" expected (a set is not a JSON value)');
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      if (this.eat("}")) return out;
      if (!this.eat(",")) this.fail('"," or "}" expected');
      if (this.eat("}")) return out;
    }
  }
}
