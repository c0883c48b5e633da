import { dossierReviewDocument } from "../../../collab/shared/document-names";
import { t } from "../../i18n";
import { CollabNotes } from "../collab-docs/collab-notes";
import { NotesVersions } from "../collab-docs/notes-versions";

/** The funders' shared examination notes (a section per indicator), with their named versions. */
export function ReviewNotes({ dossierId, user, editable }: { dossierId: string; user: { id: string; name: string }; editable: boolean }) {
  return (
    <CollabNotes
      id="notes"
      documentName={dossierReviewDocument(dossierId)}
      title={t("live.notes.title")}
      hint={t("live.notes.hint")}
      readOnlyHint={t("live.notes.readOnly")}
      editorLabel={t("live.notes.label")}
      testId="review-notes"
      user={user}
      editable={editable}
    >
      <NotesVersions dossierId={dossierId} editable={editable} />
    </CollabNotes>
  );
}
