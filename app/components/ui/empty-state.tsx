import type { ReactNode } from "react";

/**
 * What a list shows when it has nothing: a sentence saying so and, if any, the action that fills it.
 *   <EmptyState title="Aucun dossier à examiner" action={<ButtonLink to="…">…</ButtonLink>}>Les dossiers déposés apparaîtront ici.</EmptyState>
 */
export function EmptyState({ title, children, action }: { title: ReactNode; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="rounded-md border border-dashed border-border bg-surface-alt px-4 py-8 text-center">
      <p className="m-0 text-lg font-bold text-ink">{title}</p>
      {children ? <div className="mx-auto mt-2 max-w-prose text-ink-muted">{children}</div> : null}
      {action ? <div className="mt-4 flex justify-center">{action}</div> : null}
    </div>
  );
}
