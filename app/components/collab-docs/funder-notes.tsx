import { organisationFunderNotesDocument } from "../../../collab/shared/document-names";
import { t } from "../../i18n";
import { CollabNotes } from "./collab-notes";

/** The funders' closed notes about an OF, edited live with carets (never reachable by an OF). */
export function FunderNotes({
  organisationId,
  user,
  editable,
}: {
  organisationId: string;
  user: { id: string; name: string };
  editable: boolean;
}) {
  return (
    <CollabNotes
      id="funder-notes"
      documentName={organisationFunderNotesDocument(organisationId)}
      title={t("collabDocs.funderNotes.title")}
      hint={t("collabDocs.funderNotes.hint")}
      readOnlyHint={t("collabDocs.funderNotes.readOnly")}
      editorLabel={t("collabDocs.funderNotes.label")}
      testId="funder-notes"
      user={user}
      editable={editable}
    />
  );
}
