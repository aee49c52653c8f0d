/**
 * Roles and what they allow. Pure, so the server enforces it and the UI hides
 * what a person may not do from the same table.
 */
export const ROLES = ["admin", "designer", "operator", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/**
 * The decision every tRPC procedure and HTTP route carries:
 * - anonymous: no sign-in needed (sign-in, first-start setup, health);
 * - viewer: any signed-in person (read, and their own account and tokens);
 * - designer: create, edit, publish workflows;
 * - runner: start runs (designers and operators);
 * - operator: resolve escalations, cancel and re-run runs;
 * - admin: users, servers, secrets, settings, the audit log.
 * Admins may do everything.
 */
export const ACCESS_LEVELS = ["anonymous", "viewer", "designer", "runner", "operator", "admin"] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const ALLOWED: Record<Access, readonly Role[]> = {
  anonymous: ROLES,
  viewer: ROLES,
  designer: ["admin", "designer"],
  runner: ["admin", "designer", "operator"],
  operator: ["admin", "operator"],
  admin: ["admin"],
};

export function allows(role: Role, access: Access): boolean {
  return ALLOWED[access].includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  designer: "Designer",
  operator: "Operator",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: "Everything: users, servers, secrets, settings and the audit log",
  designer: "Create, edit and publish workflows; start runs",
  operator: "Resolve escalations of their groups; start, cancel and re-run runs",
  viewer: "Read-only",
};

/** Roles a person may give an API token: their own, viewer, or any role for an admin. */
export function tokenRolesFor(role: Role): Role[] {
  if (role === "admin") return [...ROLES];
  return role === "viewer" ? ["viewer"] : [role, "viewer"];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
