// Walks an OpenID Connect sign-in with fetch as a browser would: one cookie jar (cookies are
// per host, not per port, so QueueDeck's and the provider's share it as in a browser), redirects
// followed by hand, and the provider's development login form filled in.

export class FetchBrowser {
  readonly cookies = new Map<string, string>();

  async go(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {}),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        ...init.headers,
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(";")[0]!;
      const i = pair.indexOf("=");
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
      if (value && !/;\s*max-age=0(;|$)/i.test(c) && !/expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }

  /** Follows redirects from `url` until a page answers (or `stopAt` matches a Location); returns the last response and its URL. */
  async follow(url: string, stopAt?: (location: string) => boolean, init?: Parameters<FetchBrowser["go"]>[1]): Promise<{ res: Response; url: string }> {
    let res = await this.go(url, init);
    for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 20; hops++) {
      url = new URL(res.headers.get("location")!, url).toString();
      if (stopAt?.(url)) return { res, url };
      res = await this.go(url);
    }
    return { res, url };
  }
}

/** The action and fields of the first form in `html` (hidden inputs included). */
export function formOf(html: string, base: string): { action: string; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form in:\n${html.slice(0, 500)}`);
  const fields: Record<string, string> = {};
  for (const [tag] of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]+)"/.exec(tag)?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(tag)?.[1] ?? "";
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, "&"), base).toString(), fields };
}

/** Signs `login` in at the provider from QueueDeck's start route; returns where QueueDeck's callback sent the browser. */
export async function ssoSignIn(browser: FetchBrowser, queuedeck: string, login: string, next = "/"): Promise<{ landed: string; callback: Response }> {
  const start = `${queuedeck}/api/v1/session/oidc/start?next=${encodeURIComponent(next)}`;
  const toLogin = await browser.follow(start);
  if (toLogin.res.status !== 200) throw new Error(`the provider answered ${toLogin.res.status} at ${toLogin.url}`);
  const form = formOf(await toLogin.res.text(), toLogin.url);
  const toCallback = await browser.follow(form.action, (loc) => loc.startsWith(`${queuedeck}/`), { form: { ...form.fields, login, password: "any-password" } });
  const callback = await browser.go(toCallback.url);
  return { landed: callback.headers.get("location") ?? "", callback };
}
