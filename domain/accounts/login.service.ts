import type { Executor } from "../../db/executor";
import { findUserByEmail } from "./users.queries";
import { listUserMemberships } from "./memberships.queries";
import { DomainError } from "../errors";
import type { Actor } from "../permissions/actor";
import { loginSchema, parseInput, type LoginInput } from "./accounts.schema";
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from "./login-throttle";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { createSession } from "./session.service";

export interface LoginMeta {
  ip: string;
  userAgent?: string | null;
  now?: () => Date;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  actor: Actor;
}

/**
 * Email + password → a new session. DomainError keys:
 * - auth.login.invalid (unauthenticated): unknown email or wrong password, indistinguishable;
 * - auth.login.unverified (forbidden): right password, email not confirmed yet (offer a resend);
 * - auth.login.disabled (forbidden): right password, account disabled by the coordination;
 * - auth.login.throttled (rate_limited, { minutes }) or auth.login.throttledSeconds ({ seconds }):
 *   this address must wait after failures on this account, or on many (login-throttle.ts).
 */
export async function logIn(db: Executor, input: LoginInput, meta: LoginMeta): Promise<LoginResult> {
  const { email, password } = parseInput(loginSchema, input);
  const now = meta.now ? meta.now() : new Date();
  const key = { email, ip: meta.ip };
  await assertLoginAllowed(db, key, now);

  const user = await findUserByEmail(db, email);
  const passwordOk = user?.password_hash ? await verifyPassword(user.password_hash, password) : (await verifyAgainstDummy(password), false);
  if (!user || !passwordOk) {
    await recordLoginFailure(db, key, now);
    throw new DomainError("unauthenticated", "auth.login.invalid");
  }
  await clearLoginFailures(db, key);
  if (user.disabled_at !== null) throw new DomainError("forbidden", "auth.login.disabled");
  if (user.email_verified_at === null) throw new DomainError("forbidden", "auth.login.unverified", { email });

  const { token, expiresAt } = await createSession(db, user.id, { ip: meta.ip, userAgent: meta.userAgent }, now);
  const memberships = await listUserMemberships(db, user.id);
  return { token, expiresAt, actor: { userId: user.id, email: user.email, fullName: user.full_name, memberships } };
}
