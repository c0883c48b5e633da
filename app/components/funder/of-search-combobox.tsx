import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Combobox, type ComboboxOption } from "../ui/combobox";

/**
 * Picks an OF through the directory's search (decision 040): as the person types, the options come
 * from /financeur/organismes/suggestions (accents, case and typos tolerated); the chosen SIRET is
 * submitted as `name`.
 *   <OfSearchCombobox id="siret" name="siret" label="Organisme" datadockeOnly errors={…} />
 */
export function OfSearchCombobox(props: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  errors?: string[] | null;
  /** Only datadocké OFs (those a catalogue accepts). */
  datadockeOnly?: boolean;
  required?: boolean;
}) {
  const fetcher = useFetcher<{ options: ComboboxOption[] }>();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const search = (text: string) => {
    clearTimeout(timer.current);
    // A short pause after the last key: one request per word typed, not per letter.
    timer.current = setTimeout(() => {
      const params = new URLSearchParams({ q: text });
      if (props.datadockeOnly) params.set("datadocke", "1");
      fetcher.load(`/financeur/organismes/suggestions?${params.toString()}`);
    }, 150);
  };
  return (
    <Combobox
      id={props.id}
      name={props.name}
      label={props.label}
      hint={props.hint}
      errors={props.errors}
      required={props.required}
      options={fetcher.data?.options ?? []}
      filter={false}
      onTextChange={search}
    />
  );
}
