import { z } from "zod";
import { allSources, grantsSchema, type Grant } from "./grants";
import type { Role } from "./dto";

// Request schemas shared by route handlers and forms.

export const roleSchema = z.enum(["viewer", "operator", "admin"]);

export const signInSchema = z.strictObject({
  username: z.string().min(1, "username is required").max(64),
  password: z.string().min(1, "password is required").max(256),
});

/** Length only: the server also refuses common passwords and ones holding the username. */
export const newPasswordSchema = z.string().min(12, "password needs at least 12 characters").max(256);

/** `role` is shorthand for grants [{role, sources: "*"}]; give one of the two. */
const roleOrGrants = <T extends { role?: unknown; grants?: unknown }>(b: T) => (b.role === undefined) !== (b.grants === undefined);

export const createUserSchema = z
  .strictObject({
    username: z.string().regex(/^[a-zA-Z0-9._-]{1,64}$/, "letters, digits, '.', '_' or '-' (max 64)"),
    password: newPasswordSchema,
    role: roleSchema.optional(),
    grants: grantsSchema.optional(),
  })
  .refine(roleOrGrants, { message: "give role or grants (one of the two)", path: ["grants"] });

/** A user in a path; looked up ignoring case. */
export const userParamsSchema = z.object({ username: z.string().min(1).max(64) });

export const updateUserSchema = z
  .strictObject({
    role: roleSchema.optional(),
    grants: grantsSchema.optional(),
    disabled: z.boolean().optional(),
    password: newPasswordSchema.optional(),
  })
  .refine((b) => b.role === undefined || b.grants === undefined, { message: "give role or grants, not both", path: ["grants"] })
  .refine((b) => b.role !== undefined || b.grants !== undefined || b.disabled !== undefined || b.password !== undefined, { message: "give role, grants, disabled or password" });

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1, "currentPassword is required").max(256),
  newPassword: newPasswordSchema,
});

export const createTokenSchema = z
  .strictObject({
    name: z.string().min(1).max(64),
    /** `role` is shorthand for grants [{role, sources: "*"}]; neither: operator on every source. */
    role: roleSchema.optional(),
    grants: grantsSchema.optional(),
    /** Either a number of days from now or a time; neither: the token never expires. */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => b.expiresInDays === undefined || b.expiresAt === undefined, { message: "give expiresInDays or expiresAt, not both", path: ["expiresAt"] })
  .refine((b) => b.role === undefined || b.grants === undefined, { message: "give role or grants, not both", path: ["grants"] });

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.coerce.number().int().positive().optional(),
  source: z.string().max(63).optional(),
  action: z.string().max(64).optional(),
  /** Rows at or after / at or before these times (ms since the epoch): the markers on a chart's range. */
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
});

export const sourceParamsSchema = z.object({ source: z.string().min(1).max(63) });

export const queueParamsSchema = z.object({
  source: z.string().min(1).max(63),
  queue: z.string().min(1).max(2048),
});

/** from/to: unix ms or ISO time; metric names are per kind (depth, in, out, completed, failed...). */
const time = z.union([z.coerce.number().int().nonnegative(), z.iso.datetime().transform((s) => Date.parse(s))]);
/** A time in a query string: unix ms or ISO 8601, as unix ms. */
export const timeParamSchema = time;
export const seriesQuerySchema = z
  .object({
    metric: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,31}$/, "a metric name such as depth, in, out"),
    from: time.optional(),
    to: time.optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: "from must be before to", path: ["from"] });

/** The grants a request asks for: `grants`, else `role` as [{role, sources: "*"}], else `fallback`. */
export function requestedGrants(b: { role?: Role; grants?: Grant[] }, fallback?: Role): Grant[] | undefined {
  if (b.grants) return b.grants;
  const role = b.role ?? fallback;
  return role ? allSources(role) : undefined;
}
