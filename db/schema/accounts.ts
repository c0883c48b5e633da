import type { Generated, Insertable, Selectable } from "kysely";
import type { Defaulted, NullableTimestamp, Timestamp } from "./types";

// People, their memberships, sessions and the tokens mailed to them.

export type Role = "of_admin" | "of_member" | "funder_reviewer" | "funder_admin" | "coordinator";
export type EmailTokenKind = "verify_email" | "reset_password" | "invitation" | "expert_invitation";

export interface UsersTable {
  id: Generated<string>;
  email: string;
  full_name: Defaulted<string>;
  password_hash: string | null;
  email_verified_at: NullableTimestamp;
  disabled_at: NullableTimestamp;
  created_at: Timestamp;
  /** Set when the member deleted their account: the row stays, anonymised (decision record 039). */
  deleted_at: NullableTimestamp;
}

export interface MembershipsTable {
  id: Generated<string>;
  user_id: string;
  organisation_id: string;
  role: Role;
  created_at: Timestamp;
}

/** Keyed by the SHA-256 of the session token (docs/decisions/006). */
export interface SessionsTable {
  id: string;
  user_id: string;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
}

export interface EmailTokensTable {
  id: Generated<string>;
  token_hash: string;
  kind: EmailTokenKind;
  email: string;
  user_id: string | null;
  organisation_id: string | null;
  role: Role | null;
  invited_by: string | null;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

/** Failed logins per (account, address), and per address when account is ''. */
export interface LoginThrottlesTable {
  account: string;
  address: string;
  failures: number;
  last_failure_at: Timestamp;
  blocked_until: Timestamp;
}

export interface AccountsTables {
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  login_throttles: LoginThrottlesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Session = Selectable<SessionsTable>;
export type EmailToken = Selectable<EmailTokensTable>;
