import type { ReactNode } from "react";

/**
 * Key figures: a <dl> of label/figure pairs, laid out in a wrapping grid.
 *   <StatGroup><Stat label="Dossiers déposés" value={42} hint="depuis janvier" /></StatGroup>
 * Stat must sit inside a StatGroup (it renders a dt/dd pair). Format numbers before (toLocaleString("fr-FR")).
 */
export function StatGroup({ children, label }: { children: ReactNode; label?: string }) {
  return (
    <dl aria-label={label} className="m-0 grid grid-cols-[repeat(auto-fit,minmax(9rem,1fr))] gap-4">
      {children}
    </dl>
  );
}

export function Stat({ label, value, hint }: { label: ReactNode; value: ReactNode; hint?: ReactNode }) {
  return (
    <div className="flex flex-col-reverse justify-end rounded-md border border-line bg-white p-4">
      <dt className="text-sm text-ink-muted">
        {label}
        {hint ? <span className="block text-xs text-ink-subtle">{hint}</span> : null}
      </dt>
      <dd className="m-0 text-3xl font-bold text-primary">{value}</dd>
    </div>
  );
}
