import { Slot } from "@radix-ui/react-slot";
import { Link, type LinkProps } from "@remix-run/react";
import { forwardRef, type ButtonHTMLAttributes } from "react";
import { cx } from "./class-names";

/**
 * Buttons and button-looking links.
 *   <Button>Enregistrer</Button>                      primary, type="button" unless said
 *   <Button type="submit" variant="secondary" size="sm">…</Button>
 *   <Button asChild><a href="/export.csv">Exporter</a></Button>   any element with the look
 *   <ButtonLink to="/organisme/dossier" variant="tertiary">…</ButtonLink>   a Remix Link with the look
 * Variants: primary (one per view), secondary (outlined), tertiary (text-like), danger (destructive).
 */
export type ButtonVariant = "primary" | "secondary" | "tertiary" | "danger";
export type ButtonSize = "sm" | "md" | "lg";

const VARIANTS: Record<ButtonVariant, string> = {
  primary:
    "bg-primary text-white border-primary hover:bg-primary-hover hover:border-primary-hover hover:text-white active:bg-primary-active",
  secondary: "bg-white text-primary border-primary hover:bg-primary-softer hover:text-primary",
  tertiary: "bg-transparent text-primary border-transparent underline underline-offset-2 hover:bg-primary-softer hover:text-primary",
  danger: "bg-error text-white border-error hover:bg-[#a90400] hover:border-[#a90400] hover:text-white",
};
const SIZES: Record<ButtonSize, string> = {
  sm: "min-h-8 px-3 text-sm",
  md: "min-h-10 px-4 text-base",
  lg: "min-h-12 px-6 text-lg",
};

/** The classes of a button look, for the rare element that can take neither Button nor ButtonLink. */
export function buttonClasses(variant: ButtonVariant = "primary", size: ButtonSize = "md", className?: string): string {
  return cx(
    "inline-flex items-center justify-center gap-2 rounded-md border font-medium no-underline cursor-pointer",
    "disabled:cursor-not-allowed disabled:opacity-60 aria-disabled:cursor-not-allowed aria-disabled:opacity-60",
    VARIANTS[variant],
    SIZES[size],
    className,
  );
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Render the single child element (a link, a label…) with the button look instead of a <button>. */
  asChild?: boolean;
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = "primary", size = "md", asChild = false, className, type, ...props },
  ref,
) {
  const classes = buttonClasses(variant, size, className);
  if (asChild) return <Slot ref={ref} className={classes} {...props} />;
  return <button ref={ref} type={type ?? "button"} className={classes} {...props} />;
});

export interface ButtonLinkProps extends LinkProps {
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/** A navigation that looks like a button (it stays a link: it goes somewhere, it does not act). */
export const ButtonLink = forwardRef<HTMLAnchorElement, ButtonLinkProps>(function ButtonLink(
  { variant = "primary", size = "md", className, ...props },
  ref,
) {
  return <Link ref={ref} className={buttonClasses(variant, size, className)} {...props} />;
});
