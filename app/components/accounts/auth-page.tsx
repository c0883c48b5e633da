import type { ReactNode } from "react";
import { PageHeader } from "../ui/page-header";

/** The one-column frame of the account pages (login, sign-up, password, tokens): title, lead, then the form. */
export function AuthPage({ title, lead, children }: { title: ReactNode; lead?: ReactNode; children?: ReactNode }) {
  return (
    <div className="mx-auto flex w-full max-w-xl flex-col gap-4">
      <PageHeader title={title} lead={lead} flush />
      {children}
    </div>
  );
}
