import { EditorContent, useEditor } from "@tiptap/react";
import { buttonClasses } from "../ui/button";
import StarterKit from "@tiptap/starter-kit";
import { t } from "../../i18n";

/**
 * The description's rich-text editor (Tiptap), browser only: mounted after hydration, the plain
 * textarea stays the no-JavaScript fallback. Emits HTML; the server sanitises what it stores.
 */
export function RichEditor({
  initial,
  disabled,
  labelId,
  describedBy,
  onChange,
  onBlur,
}: {
  initial: string;
  disabled: boolean;
  labelId: string;
  describedBy: string;
  onChange: (html: string) => void;
  onBlur: () => void;
}) {
  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: { levels: [2, 3] }, link: false, underline: false })],
    content: initial,
    editable: !disabled,
    immediatelyRender: false,
    // Our CSP forbids inline styles: the editor's base CSS lives in app.css instead.
    injectCSS: false,
    editorProps: {
      attributes: {
        id: "description-editor",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": labelId,
        "aria-describedby": describedBy,
        class: "ofj-rich-editor__content",
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? "" : e.getHTML()),
    onBlur: () => onBlur(),
  });
  if (!editor) return null;
  const button = (label: string, active: boolean, run: () => void) => (
    <button
      type="button"
      className={buttonClasses("secondary", "sm", active ? "is-active" : undefined)}
      aria-pressed={active}
      onClick={run}
      disabled={disabled}
    >
      {label}
    </button>
  );
  return (
    <div className="ofj-rich-editor min-w-0">
      <div className="ofj-rich-editor__toolbar flex-wrap" role="toolbar" aria-label={t("indicatorPage.toolbar")}>
        {button(t("indicatorPage.toolbar.bold"), editor.isActive("bold"), () => editor.chain().focus().toggleBold().run())}
        {button(t("indicatorPage.toolbar.italic"), editor.isActive("italic"), () => editor.chain().focus().toggleItalic().run())}
        {button(t("indicatorPage.toolbar.bulletList"), editor.isActive("bulletList"), () =>
          editor.chain().focus().toggleBulletList().run(),
        )}
        {button(t("indicatorPage.toolbar.orderedList"), editor.isActive("orderedList"), () =>
          editor.chain().focus().toggleOrderedList().run(),
        )}
      </div>
      <EditorContent editor={editor} />
    </div>
  );
}
