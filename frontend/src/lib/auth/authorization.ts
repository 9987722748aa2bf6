import type { Role } from "./get-me";
import { useUser } from "./get-me";

export type Action = "create" | "change_status" | "rename" | "delete";

/** What each role may do (SPEC "Identity and permissions"): the one place roles are checked. */
const POLICIES: Record<Role, readonly Action[]> = {
  viewer: [],
  operator: ["create", "change_status", "rename"],
  admin: ["create", "change_status", "rename", "delete"],
};

export function canRole(role: Role | null, action: Action): boolean {
  if (role === null) return false;
  // A role this SPA does not know yet may do nothing here.
  const allowed = POLICIES[role] as readonly Action[] | undefined;
  return allowed?.includes(action) ?? false;
}

/** Whether the signed-in user may take `action`; false while nobody is signed in. */
export function useCan(action: Action): boolean {
  const { data: user } = useUser();
  return user ? canRole(user.role, action) : false;
}
