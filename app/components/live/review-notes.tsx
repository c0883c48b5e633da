import { dossierReviewDocument, indicatorNotesField } from "../../../collab/shared/document-names";
import { t } from "../../i18n";
import { CollabNotes } from "../collab-docs/collab-notes";
import { NotesVersions } from "../collab-docs/notes-versions";

/**
 * The funders' shared examination notes, with their named versions. In the review room, only the
 * open indicator's part (`indicatorCode`): one fragment per indicator in the same Yjs document.
 */
export function ReviewNotes({
  dossierId,
  user,
  editable,
  indicatorCode,
}: {
  dossierId: string;
  user: { id: string; name: string };
  editable: boolean;
  indicatorCode?: string;
}) {
  return (
    <CollabNotes
      id="notes"
      documentName={dossierReviewDocument(dossierId)}
      field={indicatorCode ? indicatorNotesField(indicatorCode) : undefined}
      headingLevel={indicatorCode ? 3 : 2}
      title={indicatorCode ? t("room.notes.title", { code: indicatorCode }) : t("live.notes.title")}
      hint={indicatorCode ? t("room.notes.hint") : t("live.notes.hint")}
      readOnlyHint={t("live.notes.readOnly")}
      editorLabel={indicatorCode ? t("room.notes.title", { code: indicatorCode }) : t("live.notes.label")}
      testId="review-notes"
      user={user}
      editable={editable}
    >
      <NotesVersions dossierId={dossierId} editable={editable} />
    </CollabNotes>
  );
}
