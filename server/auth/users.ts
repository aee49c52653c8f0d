/** People and their roles and groups (accounts mode). */
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError, isAppError } from "@/lib/errors";
import { newId } from "../util/ids";
import { hashPassword, passwordProblem } from "./password";
import { isRole, ROLES, type Role } from "@/lib/auth/roles";
import { deleteOtherSessions } from "./sessions";
import { problem } from "@/lib/workflow/problems";

const SETUP_KEY = "auth.setup";

export const groupsSchema = z.array(z.string().trim().min(1).max(100)).max(50);

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  groups: string[];
  active: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

type UserRow = Awaited<ReturnType<Db["user"]["findUniqueOrThrow"]>>;

export function publicUser(u: UserRow): PublicUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: isRole(u.role) ? u.role : "viewer",
    groups: userGroups(u),
    active: u.active,
    lastSignInAt: u.lastSignInAt,
    createdAt: u.createdAt,
  };
}

export function userGroups(u: { groups: unknown }): string[] {
  const parsed = groupsSchema.safeParse(u.groups);
  return parsed.success ? parsed.data : [];
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

function checkPassword(password: string): void {
  const why = passwordProblem(password);
  if (why) throw new AppError("invalid", why, [problem(["password"], "password", why)]);
}

/** Creates the first admin; refused once any user exists (a settings row makes two racing setups end with one). */
export async function setupFirstAdmin(db: Db, input: { email: string; name: string; password: string }, now = new Date()) {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      if ((await tx.user.count()) > 0) throw new AppError("conflict", "Switchyard is already set up: sign in instead");
      await tx.appSetting.create({ data: { key: SETUP_KEY, value: now.toISOString() } });
      const user = await tx.user.create({
        data: {
          id: newId("usr", now.getTime()),
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          passwordHash,
          role: "admin",
          groups: [],
        },
      });
      return publicUser(user);
    });
  } catch (err) {
    if (isAppError(err)) throw err;
    if ((await db.user.count()) > 0) throw new AppError("conflict", "Switchyard is already set up: sign in instead");
    throw err;
  }
}

/** ADMIN_EMAIL / ADMIN_PASSWORD: the first admin for unattended installs (only when there is no user yet). */
export async function ensureAdminFromEnv(db: Db, env: { ADMIN_EMAIL?: string | undefined; ADMIN_PASSWORD?: string | undefined }) {
  if (!env.ADMIN_EMAIL) return null;
  if (!env.ADMIN_PASSWORD) throw new Error("ADMIN_EMAIL is set but ADMIN_PASSWORD is not: set both to create the first admin");
  const weak = passwordProblem(env.ADMIN_PASSWORD);
  if (weak) throw new Error(`ADMIN_PASSWORD: ${weak}`);
  if (!(await needsSetup(db))) return null;
  const name = env.ADMIN_EMAIL.split("@")[0] ?? "Admin";
  return setupFirstAdmin(db, { email: env.ADMIN_EMAIL, name, password: env.ADMIN_PASSWORD });
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  const rows = await db.user.findMany({ orderBy: [{ active: "desc" }, { name: "asc" }] });
  return rows.map(publicUser);
}

export async function createUser(
  db: Db,
  input: { email: string; name: string; role: Role; groups: string[]; password: string },
  now = new Date(),
) {
  checkPassword(input.password);
  const email = normalizeEmail(input.email);
  if (await db.user.findUnique({ where: { email } }))
    throw new AppError("conflict", `A user with the email ${email} already exists`, [
      problem(["email"], "email_taken", "Already in use"),
    ]);
  const user = await db.user.create({
    data: {
      id: newId("usr", now.getTime()),
      email,
      name: input.name.trim(),
      passwordHash: await hashPassword(input.password),
      role: input.role,
      groups: input.groups,
    },
  });
  return publicUser(user);
}

/** Role, groups, name or active; never leaves the installation without an active admin. */
export async function updateUser(
  db: Db,
  input: {
    id: string;
    name?: string | undefined;
    role?: Role | undefined;
    groups?: string[] | undefined;
    active?: boolean | undefined;
  },
) {
  const user = await db.user.findUnique({ where: { id: input.id } });
  if (!user) throw new AppError("not_found", `User ${input.id} was not found`);
  const losesAdmin = user.role === "admin" && user.active && ((input.role && input.role !== "admin") || input.active === false);
  if (losesAdmin && (await db.user.count({ where: { role: "admin", active: true } })) <= 1)
    throw new AppError("conflict", "This is the only active admin: make someone else admin first");
  const updated = await db.user.update({
    where: { id: input.id },
    data: {
      ...(input.name !== undefined ? { name: input.name.trim() } : {}),
      ...(input.role ? { role: input.role } : {}),
      ...(input.groups ? { groups: input.groups } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    },
  });
  if (input.active === false) await deleteOtherSessions(db, user.id);
  return publicUser(updated);
}

/** An admin sets a new password for someone (they sign in again everywhere). */
export async function setUserPassword(db: Db, id: string, password: string) {
  checkPassword(password);
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new AppError("not_found", `User ${id} was not found`);
  await db.user.update({ where: { id }, data: { passwordHash: await hashPassword(password) } });
  await deleteOtherSessions(db, id);
}

export { ROLES };
