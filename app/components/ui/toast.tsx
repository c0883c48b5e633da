import { messageKeyOrFallback } from "../../../domain/i18n/translate";
import * as RadixToast from "@radix-ui/react-toast";
import { useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { t } from "../../i18n";
import { cx } from "./class-names";

/**
 * Toasts: short confirmations after an action ("Profil enregistré"). Rendered once, by root.tsx:
 *   <Toaster flash={data.flash} />
 * Pages never render toasts themselves: an action calls redirectWithToast(...) (app/utils/flash-toast.server.ts),
 * the root loader reads and clears the flash, and Toaster shows it in a polite live region.
 * Errors belong on the page (Alert, FieldError), not in a toast that disappears.
 */
export type ToastKind = "success" | "info" | "warning";

/** A flash message as the root loader hands it over: a catalogue key and its parameters. */
export interface FlashToast {
  id: string;
  kind: ToastKind;
  messageKey: string;
  params?: Record<string, string | number>;
}

const KINDS: Record<ToastKind, string> = {
  success: "border-success",
  info: "border-info",
  warning: "border-warning",
};

interface ShownToast extends FlashToast {
  /** The location it was shown at: the next navigation removes it. */
  locationKey: string;
}

export function Toaster({ flash }: { flash: FlashToast | null | undefined }) {
  const location = useLocation();
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  useEffect(() => {
    setToasts((current) => {
      // A toast belongs to the page the action led to: gone once the user moves on.
      const kept = current.filter((toast) => toast.locationKey === location.key);
      if (flash && !current.some((toast) => toast.id === flash.id)) kept.push({ ...flash, locationKey: location.key });
      return kept.length === current.length && kept.every((toast, index) => toast === current[index]) ? current : kept;
    });
  }, [flash, location.key]);
  return (
    <RadixToast.Provider swipeDirection="right" duration={8000} label={t("ui.toast.region")}>
      {toasts.map((toast) => (
        <RadixToast.Root
          key={toast.id}
          type="background"
          data-toast={toast.kind}
          onOpenChange={(open) => {
            if (!open) setToasts((current) => current.filter((other) => other.id !== toast.id));
          }}
          className={cx(
            "flex items-start gap-3 rounded-md border-l-4 bg-white p-4 text-ink shadow-overlay",
            "data-[state=open]:animate-toast-in data-[state=closed]:animate-toast-out",
            KINDS[toast.kind],
          )}
        >
          <RadixToast.Description className="m-0 flex-1">{t(messageKeyOrFallback(toast.messageKey), toast.params)}</RadixToast.Description>
          <RadixToast.Close className="cursor-pointer rounded-md px-2 text-sm text-primary underline hover:bg-primary-softer">
            {t("ui.close")}
          </RadixToast.Close>
        </RadixToast.Root>
      ))}
      <RadixToast.Viewport className="fixed right-0 bottom-0 z-50 m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
    </RadixToast.Provider>
  );
}
