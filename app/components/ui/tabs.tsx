import * as RadixTabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";

/**
 * Tabs (Radix: arrow keys move between tabs, the panel follows):
 *   <Tabs label="Sections du dossier" items={[{ value: "pieces", label: "Pièces", content: <…/> }, …]} />
 * Use tabs for views of the same thing; use links (NavLink) when each view has its own URL.
 */
export interface TabItem {
  value: string;
  label: ReactNode;
  content: ReactNode;
}

export function Tabs({
  label,
  items,
  defaultValue,
  value,
  onValueChange,
}: {
  label: string;
  items: TabItem[];
  defaultValue?: string;
  value?: string;
  onValueChange?: (value: string) => void;
}) {
  return (
    <RadixTabs.Root defaultValue={defaultValue ?? items[0]?.value} value={value} onValueChange={onValueChange}>
      <RadixTabs.List aria-label={label} className="mb-4 flex max-w-full overflow-x-auto border-b border-line">
        {items.map((item) => (
          <RadixTabs.Trigger
            key={item.value}
            value={item.value}
            className="-mb-px shrink-0 cursor-pointer border-b-2 border-transparent px-4 py-2 font-medium text-ink-muted hover:bg-primary-softer data-[state=active]:border-primary data-[state=active]:text-primary"
          >
            {item.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {items.map((item) => (
        <RadixTabs.Content key={item.value} value={item.value}>
          {item.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
