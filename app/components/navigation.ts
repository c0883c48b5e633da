import type { Actor } from "../../domain/permissions/actor";
import { primaryMembership } from "../../domain/permissions/actor";
import type { MessageKey } from "../../domain/i18n/translate";

export interface NavItem {
  to: string;
  labelKey: MessageKey;
}

/** The main navigation for an actor's role. Later areas add their entries here. */
export function navigationFor(actor: Actor | null): NavItem[] {
  if (!actor) return [];
  const membership = primaryMembership(actor);
  // An account of no organisation is an outside expert's (issue 15.7): their requests are all they reach.
  if (!membership) return [{ to: "/avis", labelKey: "nav.expertOpinions" }];
  switch (membership.role) {
    case "of_admin":
      return [
        { to: "/organisme", labelKey: "nav.home" },
        { to: "/organisme/dossier", labelKey: "nav.dossier" },
        { to: "/organisme/autodiagnostic", labelKey: "nav.selfDiagnosis" },
        { to: "/organisme/profil", labelKey: "nav.profile" },
        { to: "/organisme/equipe", labelKey: "nav.team" },
        { to: "/organisme/donnees", labelKey: "nav.ownData" },
      ];
    case "of_member":
      return [
        { to: "/organisme", labelKey: "nav.home" },
        { to: "/organisme/dossier", labelKey: "nav.dossier" },
        { to: "/organisme/autodiagnostic", labelKey: "nav.selfDiagnosis" },
        { to: "/organisme/profil", labelKey: "nav.profile" },
        { to: "/organisme/donnees", labelKey: "nav.ownData" },
      ];
    case "funder_admin":
      return [
        { to: "/financeur", labelKey: "nav.home" },
        { to: "/financeur/examens", labelKey: "nav.examinations" },
        { to: "/financeur/organismes", labelKey: "nav.directory" },
        { to: "/financeur/catalogue", labelKey: "nav.catalogue" },
        { to: "/financeur/rapports", labelKey: "nav.reporting" },
        { to: "/financeur/api", labelKey: "nav.api" },
        { to: "/financeur/equipe", labelKey: "nav.team" },
      ];
    case "funder_reviewer":
      return [
        { to: "/financeur", labelKey: "nav.home" },
        { to: "/financeur/examens", labelKey: "nav.examinations" },
        { to: "/financeur/organismes", labelKey: "nav.directory" },
        { to: "/financeur/catalogue", labelKey: "nav.catalogue" },
        { to: "/financeur/rapports", labelKey: "nav.reporting" },
      ];
    case "coordinator":
      return [
        { to: "/coordination", labelKey: "nav.home" },
        { to: "/coordination/financeurs", labelKey: "nav.funders" },
        { to: "/coordination/activite", labelKey: "nav.activity" },
        { to: "/financeur/examens", labelKey: "nav.examinations" },
        { to: "/financeur/organismes", labelKey: "nav.directory" },
        { to: "/coordination/referentiels", labelKey: "nav.referentiels" },
        { to: "/coordination/cnefop", labelKey: "nav.cnefop" },
        { to: "/coordination/campagnes", labelKey: "nav.campaigns" },
        { to: "/financeur/rapports", labelKey: "nav.reporting" },
      ];
  }
}
