import type { Generated, Selectable } from "kysely";
import type { DateString, Defaulted, NullableTimestamp, Timestamp } from "./types";

// Expert opinions (issue 15.7, decision record 044): requests, their indicators, their confidential thread.

/** A funder's member picked from the list, or an outside expert invited by e-mail. */
export type ExpertKind = "member" | "outside";
/** open: waiting for the expert; answered: the expert wrote in the thread; withdrawn: the examiner took it back. */
export type ExpertRequestStatus = "open" | "answered" | "withdrawn";

export interface ExpertRequestsTable {
  id: Generated<string>;
  dossier_id: string;
  requested_by: string | null;
  /** The funder the examiner acted for. */
  requester_organisation_id: string | null;
  expert_user_id: string;
  expert_kind: ExpertKind;
  question: string;
  due_on: DateString;
  status: Defaulted<ExpertRequestStatus>;
  created_at: Timestamp;
  answered_at: NullableTimestamp;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
  /** The Paris day of the last reminder sent for a late request. */
  last_reminded_on: string | null;
}

export interface ExpertRequestIndicatorsTable {
  request_id: string;
  indicator_id: string;
}

export interface ExpertMessagesTable {
  id: Generated<string>;
  request_id: string;
  author_id: string | null;
  from_expert: boolean;
  body: string;
  created_at: Timestamp;
}

export interface ExpertsTables {
  expert_requests: ExpertRequestsTable;
  expert_request_indicators: ExpertRequestIndicatorsTable;
  expert_messages: ExpertMessagesTable;
}

export type ExpertRequest = Selectable<ExpertRequestsTable>;
export type ExpertMessage = Selectable<ExpertMessagesTable>;
