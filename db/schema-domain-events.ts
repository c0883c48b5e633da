import type { ColumnType, Generated } from "kysely";

/** The domain-event outbox (migration 2026-12-01-1000-domain-events, decision 030). */
export interface DomainEventsTable {
  id: Generated<string>;
  /** Bigserial as a string: the order events are dispatched in. */
  seq: Generated<string>;
  type: string;
  payload: ColumnType<unknown, string, string>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The instance dispatching it (null: nobody yet). */
  claimed_by: string | null;
  claimed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Set once every handler ran; null: still to dispatch. */
  dispatched_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface DomainEventTables {
  domain_events: DomainEventsTable;
}
