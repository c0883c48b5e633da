import * as RadixDialog from "@radix-ui/react-dialog";
import { Form } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { t } from "../../i18n";
import { Button, type ButtonVariant } from "./button";

/**
 * A modal dialog (Radix: focus trapped and restored, Escape closes, the page behind is inert).
 *   <Dialog trigger={<Button variant="secondary">Détails</Button>} title="…" description="…">…</Dialog>
 * `trigger` must be one element that accepts a ref and onClick (Button does). The title names the dialog.
 */
export interface DialogProps {
  trigger: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons at the bottom; wrap the closing ones in <DialogClose asChild>. Default: one "Fermer". */
  footer?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

export const DialogClose = RadixDialog.Close;

export function Dialog({ trigger, title, description, children, footer, open, onOpenChange }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <RadixDialog.Content
          // Without a description, say so (Radix warns when aria-describedby points nowhere).
          {...(description ? {} : { "aria-describedby": undefined })}
          className="fixed top-1/2 left-1/2 z-50 flex max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 flex-col gap-4 overflow-y-auto rounded-md bg-white p-6 text-ink shadow-overlay"
        >
          <RadixDialog.Title className="m-0 pr-10 text-xl font-bold">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="m-0 text-ink-muted">{description}</RadixDialog.Description> : null}
          {children}
          <div className="flex flex-wrap justify-end gap-2">
            {footer ?? (
              <RadixDialog.Close asChild>
                <Button variant="secondary">{t("ui.close")}</Button>
              </RadixDialog.Close>
            )}
          </div>
          <RadixDialog.Close asChild>
            <button
              type="button"
              className="absolute top-3 right-3 inline-flex min-h-10 cursor-pointer items-center rounded-md px-2 text-sm text-primary hover:bg-primary-softer"
            >
              {t("ui.close")}
              <span aria-hidden="true" className="ml-1">
                ×
              </span>
            </button>
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/**
 * Confirm a destructive action, then submit a POST form (works with the action's redirectWithToast):
 *   <ConfirmDialog
 *     trigger={<Button variant="danger">Retirer</Button>}
 *     title="Retirer Claire Martin de l'équipe ?"
 *     description="Elle n'aura plus accès au dossier."
 *     confirmLabel="Retirer"
 *     action="/financeur/equipe"            // default: the current route
 *     fields={{ intent: "remove", userId }} // hidden inputs
 *   >{optional visible fields, e.g. a required reason}</ConfirmDialog>
 * The confirm button names the act ("Retirer", never "OK"); Cancel gets the initial focus.
 */
export interface ConfirmDialogProps {
  trigger: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: ReactNode;
  action?: string;
  fields?: Record<string, string>;
  confirmVariant?: ButtonVariant;
  /** Visible fields posted with the confirmation (e.g. the reason of a de-listing), above the buttons. */
  children?: ReactNode;
  /**
   * The action's reply when it refused what this dialog posted (e.g. `replyFor(reply, intent)` with an
   * error): the dialog, closed on submit, opens again so the children show the field's error where it was typed.
   */
  reopenOn?: object | null;
}

export function ConfirmDialog({
  trigger,
  title,
  description,
  confirmLabel,
  action,
  fields = {},
  confirmVariant = "danger",
  children,
  reopenOn,
}: ConfirmDialogProps) {
  const [open, setOpen] = useState(false);
  // A new refusal (each reply is a new object) opens the dialog again.
  useEffect(() => {
    if (reopenOn) setOpen(true);
  }, [reopenOn]);
  return (
    <RadixDialog.Root open={open} onOpenChange={setOpen}>
      <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <RadixDialog.Content
          role="alertdialog"
          {...(description ? {} : { "aria-describedby": undefined })}
          className="fixed top-1/2 left-1/2 z-50 flex w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 flex-col gap-4 rounded-md bg-white p-6 text-ink shadow-overlay"
        >
          <RadixDialog.Title className="m-0 text-xl font-bold">{title}</RadixDialog.Title>
          {description ? <RadixDialog.Description className="m-0 text-ink-muted">{description}</RadixDialog.Description> : null}
          <Form method="post" action={action} className="flex flex-wrap justify-end gap-2" onSubmit={() => setOpen(false)}>
            {Object.entries(fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            {children ? <div className="w-full">{children}</div> : null}
            <RadixDialog.Close asChild>
              <Button variant="secondary" autoFocus>
                {t("ui.cancel")}
              </Button>
            </RadixDialog.Close>
            <Button type="submit" variant={confirmVariant}>
              {confirmLabel}
            </Button>
          </Form>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
