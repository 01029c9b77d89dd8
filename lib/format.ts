export function formatNumber(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return "–";
  return new Intl.NumberFormat("en", { notation: Math.abs(n) >= 100_000 ? "compact" : "standard", maximumFractionDigits: 1 }).format(n);
}

export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 5) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export const KIND_LABEL = { rabbitmq: "RabbitMQ", kafka: "Kafka", bullmq: "BullMQ", celery: "Celery" } as const;

/** A duration for people: "12 s", "3 min", "2 h 5 min", "4 d"; "–" when unknown. */
export function formatSeconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return "–";
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) {
    const h = Math.floor(s / 3600);
    const m = Math.round((s % 3600) / 60);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${Math.round(s / 86400)} d`;
}

/** Messages per second: "–" before it is known. */
export function formatRate(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return "–";
  return `${r >= 10 ? Math.round(r) : Number(r.toFixed(1))}/s`;
}

/** A task's runtime or wait, seconds with the precision they need: "3 ms", "1.25 s", "2 min 5 s"; "–" when unknown. */
export function formatRuntime(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return "–";
  const abs = Math.abs(s);
  const sign = s < 0 ? "−" : "";
  if (abs < 0.001) return abs === 0 ? "0 ms" : `${sign}<1 ms`;
  if (abs < 1) return `${sign}${Math.round(abs * 1000)} ms`;
  if (abs < 60) return `${sign}${Number(abs.toFixed(abs < 10 ? 2 : 1))} s`;
  if (abs < 3600) {
    const whole = Math.round(abs);
    const m = Math.floor(whole / 60);
    const rest = whole % 60;
    return `${sign}${rest ? `${m} min ${rest} s` : `${m} min`}`;
  }
  return `${sign}${formatSeconds(abs)}`;
}

/** "3 min ago", or "in 5 min" for a time still ahead (an eta, an expiry). */
export function formatAgoOrIn(iso: string, now = Date.now()): string {
  const ahead = (Date.parse(iso) - now) / 1000;
  return ahead > 5 ? `in ${formatSeconds(ahead)}` : formatRelative(iso, now);
}

/** "1 message", "3 messages". */
export const plural = (n: number, word: string): string => `${formatNumber(n)} ${word}${n === 1 ? "" : "s"}`;
