import "server-only";

export function isHttps(req: Request): boolean {
  return req.headers.get("x-forwarded-proto") === "https" || new URL(req.url).protocol === "https:";
}

/** An httpOnly SameSite=Lax cookie, Secure over https. */
export function cookie(req: Request, name: string, value: string, path: string, maxAgeS: number): string {
  return [`${name}=${value}`, `Path=${path}`, "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeS}`, ...(isHttps(req) ? ["Secure"] : [])].join("; ");
}

export function clearCookie(name: string, path: string): string {
  return `${name}=; Path=${path}; HttpOnly; SameSite=Lax; Max-Age=0`;
}
