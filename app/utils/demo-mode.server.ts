import type { AppLoadContext } from "@remix-run/node";

/** DATADOCK_MODE=demo: the banner shows on every page. */
export function isDemoMode(context: AppLoadContext): boolean {
  return context.services.config.mode === "demo";
}

/**
 * The local mailbox (/dev/mail) opens only in demo mode without SMTP, and only to a visitor on this
 * machine (the socket's peer is loopback): see docs/decisions/020-demo-mode-and-mailbox.md.
 */
export function demoMailboxOpen(context: AppLoadContext): boolean {
  return isDemoMode(context) && context.services.config.devMailbox && context.fromLoopback === true;
}
