// Credentials must never leave the server: every error text and URL shown goes through here.

const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*)(?::[^\s/@]*)?@/gi;

/** Strips user:password@ from every URL in a text, and any known secret verbatim. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(URL_CREDENTIALS, (_, scheme: string, user: string) =>
    user ? `${scheme}${user}:***@` : `${scheme}***@`,
  );
  for (const s of secrets) {
    if (s && s.length >= 3) out = out.split(s).join("***");
  }
  return out;
}

/** Every password-like value in a URL (user info), for verbatim redaction elsewhere. */
export function secretsOfUrl(url: string): string[] {
  try {
    const u = new URL(url);
    return [u.password, decodeURIComponent(u.password)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

/** A URL safe to show: host and path, no credentials. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return "(invalid url)";
  }
}

/** Error text of anything thrown, redacted and bounded. */
export function errorText(err: unknown, secrets: readonly string[] = []): string {
  const raw =
    err instanceof Error
      ? err.message || err.name
      : typeof err === "string"
        ? err
        : (() => {
            try {
              return JSON.stringify(err);
            } catch {
              return String(err);
            }
          })();
  const withCode =
    err && typeof err === "object" && "code" in err && typeof (err as { code: unknown }).code === "string" && !raw.includes((err as { code: string }).code)
      ? `${raw} (${(err as { code: string }).code})`
      : raw;
  return redact(withCode, secrets).slice(0, 500);
}
