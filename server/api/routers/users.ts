import { z } from "zod";
import { adminProcedure, router } from "../trpc";
import { createUser, groupsSchema, listUsers, setUserPassword, updateUser } from "../../auth/users";
import { audit } from "../audit-context";
import { MAX_PASSWORD_LENGTH } from "../../auth/password";
import { ROLES } from "@/lib/auth/roles";

const id = z.string().min(1).max(100);
const role = z.enum(ROLES);

export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.db)),

  /** The admin sets an initial password and gives it to the person, who changes it under Account. */
  create: adminProcedure
    .input(
      z.object({
        email: z.email({ error: "Enter an email address" }).max(200),
        name: z.string().trim().min(1, "Enter a name").max(100),
        role,
        groups: groupsSchema.default([]),
        password: z.string().max(MAX_PASSWORD_LENGTH),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const user = await createUser(ctx.db, input);
      await audit(
        ctx,
        "user.create",
        user.id,
        `${user.email} as ${user.role}${user.groups.length ? ` in ${user.groups.join(", ")}` : ""}`,
      );
      return user;
    }),

  update: adminProcedure
    .input(
      z.object({
        id,
        name: z.string().trim().min(1).max(100).optional(),
        role: role.optional(),
        groups: groupsSchema.optional(),
        active: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const user = await updateUser(ctx.db, input);
      const what = [
        input.role ? `role ${input.role}` : "",
        input.groups ? `groups ${input.groups.join(", ") || "none"}` : "",
        input.active === undefined ? "" : input.active ? "reactivated" : "deactivated",
        input.name ? "renamed" : "",
      ].filter(Boolean);
      await audit(ctx, "user.update", user.id, `${user.email}: ${what.join("; ")}`);
      return user;
    }),

  setPassword: adminProcedure
    .input(z.object({ id, password: z.string().max(MAX_PASSWORD_LENGTH) }))
    .mutation(async ({ ctx, input }) => {
      await setUserPassword(ctx.db, input.id, input.password);
      await audit(ctx, "user.password_reset", input.id);
      return { ok: true };
    }),
});
