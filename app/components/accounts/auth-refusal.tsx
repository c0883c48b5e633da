import type { ReactNode } from "react";
import { Alert } from "../ui/alert";
import { AuthPage } from "./auth-page";

/** An account page whose link cannot be used (unknown, expired or used token): why, and where to go. */
export function AuthRefusal({ title, message, children }: { title: string; message: string; children: ReactNode }) {
  return (
    <AuthPage title={title}>
      <Alert tone="error" announce={false} className="mb-0!">
        <p>{message}</p>
      </Alert>
      <div className="flex flex-wrap items-center gap-3">{children}</div>
    </AuthPage>
  );
}
