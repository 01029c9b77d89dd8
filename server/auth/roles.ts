import type { Role } from "@/lib/dto";

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export function roleAtLeast(have: Role, need: Role): boolean {
  return RANK[have] >= RANK[need];
}
