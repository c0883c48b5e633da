import type { DossierStatus, Role } from "../../db/schema";
import { STATUS_LABEL_KEYS } from "../dossiers/status-machine";
import { messageKeyOrFallback, translate, type MessageKey } from "./translate";

/**
 * Labels of the closed sets shown to users (roles, statuses, decisions…). Typed keys for typed values:
 * a new role or status without its message fails typecheck; values read back as plain strings (JSON,
 * events, the database) go through messageKeyOrFallback.
 */
export const roleLabelKey = (role: Role): MessageKey => `role.${role}`;

/** A role read back as a plain string (a serialised membership). */
export const roleLabel = (role: string): string => translate(messageKeyOrFallback(`role.${role}`));

export const statusLabelKey = (status: DossierStatus): MessageKey => STATUS_LABEL_KEYS[status];

/** A dossier status read back as a plain string (an event payload, a report row). */
export const statusLabel = (status: string): string =>
  translate(messageKeyOrFallback(`dossier.status.${status}`, "dossier.status.unknown"));

/** A decision on an indicator read back as a plain string (a live feed event). */
export const decisionLabel = (decision: string): string => translate(messageKeyOrFallback(`examination.decision.${decision}`));

/** A profile field name read back from the change log. */
export const profileFieldLabel = (field: string): string => translate(messageKeyOrFallback(`profile.field.${field}`));
