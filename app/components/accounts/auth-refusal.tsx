import type { ReactNode } from "react";

/** An account page whose link cannot be used (unknown, expired or used token): why, and where to go. */
export function AuthRefusal({ title, message, children }: { title: string; message: string; children: ReactNode }) {
  return (
    <div className="auth-panel">
      <section className="page-header">
        <h1>{title}</h1>
      </section>
      <div className="alert alert--error" role="alert">
        <p>{message}</p>
      </div>
      <p>{children}</p>
    </div>
  );
}
