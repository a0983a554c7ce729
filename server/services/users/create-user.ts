import { eq } from "drizzle-orm";
import { hashPassword } from "../../auth/password";
import type { Db } from "../../db";
import { users } from "../../db/schema";
import { newId } from "../../ids";

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`a user with email ${email} already exists`);
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user with a zero balance; the password is stored only as an argon2id hash. */
export async function createUser(
  db: Db,
  input: { email: string; password?: string; role?: "user" | "admin"; name?: string; emailVerified?: Date },
) {
  const email = normalizeEmail(input.email);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing.length > 0) throw new DuplicateEmailError(email);
  const [user] = await db
    .insert(users)
    .values({
      id: newId("usr"),
      email,
      name: input.name,
      role: input.role ?? "user",
      passwordHash: input.password ? await hashPassword(input.password) : null,
      emailVerified: input.emailVerified,
    })
    .returning();
  return user!;
}
