import type { ActivityEntry, PresenceActivity, PresenceMember, PresenceRole } from "../shared/events";

/** Who a socket belongs to, as others may see it. */
export interface PresenceIdentity {
  userId: string;
  name: string;
  role: PresenceRole;
  organisationName: string;
  /** Whatever the authorisation callback needs (the portal's Actor). */
  actor: unknown;
}

/** What each socket carries (socket.data, visible across instances through the adapter). */
export interface PresenceData {
  identity: PresenceIdentity;
  since: string;
  dossiers: Record<string, { label: string; indicator: string | null; activity?: PresenceActivity; since: string }>;
}

function member(data: PresenceData, indicator: string | null, since: string, activity: PresenceActivity = "reading"): PresenceMember {
  const { userId, name, role, organisationName } = data.identity;
  return { userId, name, role, organisationName, indicator, activity, since };
}

/** One entry per user in a dossier room (several tabs: the most recent indicator wins). */
export function membersOf(sockets: { data: PresenceData }[], dossierId: string): PresenceMember[] {
  const byUser = new Map<string, PresenceMember>();
  for (const { data } of sockets) {
    const entry = data?.dossiers?.[dossierId];
    if (!entry) continue;
    const previous = byUser.get(data.identity.userId);
    if (!previous || (entry.indicator && entry.since >= previous.since)) {
      const activity = entry.indicator ? entry.activity : (previous?.activity ?? entry.activity);
      byUser.set(data.identity.userId, member(data, entry.indicator ?? previous?.indicator ?? null, entry.since, activity));
    }
  }
  return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

/** Everyone online: one entry per user and dossier, or one with dossier null when they are on no dossier. */
export function activityOf(sockets: { data: PresenceData }[]): ActivityEntry[] {
  const entries = new Map<string, ActivityEntry>();
  for (const { data } of sockets) {
    if (!data?.identity) continue;
    const dossiers = Object.entries(data.dossiers ?? {});
    for (const [dossierId, entry] of dossiers) {
      entries.set(`${data.identity.userId}:${dossierId}`, {
        ...member(data, entry.indicator, entry.since, entry.activity),
        dossierId,
        dossierLabel: entry.label,
      });
    }
    const key = `${data.identity.userId}:`;
    if (dossiers.length === 0 && ![...entries.keys()].some((k) => k.startsWith(key))) {
      entries.set(key, { ...member(data, null, data.since), dossierId: null, dossierLabel: null });
    }
  }
  // A user on a dossier in one tab is not also listed as "elsewhere".
  for (const key of [...entries.keys()]) {
    if (key.endsWith(":") && [...entries.keys()].some((k) => k !== key && k.startsWith(key))) entries.delete(key);
  }
  return [...entries.values()].sort(
    (a, b) => (a.dossierLabel ?? "~").localeCompare(b.dossierLabel ?? "~", "fr") || a.name.localeCompare(b.name, "fr"),
  );
}
