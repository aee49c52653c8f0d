/** The words of an access refusal, the same on every surface (tRPC, the plain HTTP routes, /mcp). */
import { AppError } from "@/lib/errors";
import type { Access, Role } from "@/lib/auth/roles";

export const notSignedIn = () => new AppError("unauthorized", "Sign in, or send an API token as Authorization: Bearer <token>");

export const roleRefused = (role: Role, access: Access) =>
  new AppError("forbidden", `A ${role} may not do this (needs ${access})`);

export const crossSiteRefused = (problem: string) => new AppError("forbidden", `Refused: ${problem}`);
