import { t } from "../../i18n";
import type { MessageKey } from "../../../domain/i18n/translate";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";

const NAVIGATION: [string[], MessageKey][] = [
  [["j", "Alt + ↓"], "room.shortcuts.next"],
  [["k", "Alt + ↑"], "room.shortcuts.previous"],
];
const DECIDING: [string[], MessageKey][] = [
  [["v"], "room.shortcuts.valide"],
  [["c"], "room.shortcuts.a_completer"],
  [["n"], "room.shortcuts.non_conforme"],
];

/** The keyboard shortcuts of the review room, in a dialog ("?" opens it too). */
export function ShortcutsHelp({
  open,
  onOpenChange,
  canDecide,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  canDecide: boolean;
}) {
  const rows = [...NAVIGATION, ...(canDecide ? DECIDING : []), [["?"], "room.shortcuts.help"] as [string[], MessageKey]];
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={
        <Button variant="tertiary" size="sm">
          {t("room.shortcuts.open")}
        </Button>
      }
      title={t("room.shortcuts.title")}
      description={t("room.shortcuts.lead")}
    >
      <dl className="m-0 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2" data-testid="shortcuts-list">
        {rows.map(([keys, label]) => (
          <div key={label} className="contents">
            <dt className="flex gap-1">
              {keys.map((k) => (
                <kbd key={k} className="rounded-sm border border-border bg-surface-alt px-1.5 font-mono text-sm">
                  {k}
                </kbd>
              ))}
            </dt>
            <dd className="m-0">{t(label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
