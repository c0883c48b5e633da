import { useForm, type DefaultValue } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";
import type { FormReplyData } from "./field-error";
import { Button } from "./button";

/**
 * conform's form state for a zod schema, the house way: constraints from the schema, checked on
 * blur then on input, the server's reply as last result (docs/architecture.md, "Forms").
 */
export function useSchemaForm<Schema extends z.ZodObject>(
  schema: Schema,
  options: { id: string; reply: Pick<FormReplyData, "result"> | undefined; defaultValue?: DefaultValue<z.input<Schema>> },
) {
  return useForm<z.input<Schema>, z.output<Schema>>({
    id: options.id,
    lastResult: options.reply?.result,
    ...(options.defaultValue !== undefined ? { defaultValue: options.defaultValue } : {}),
    constraint: getZodConstraint(schema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

/** The submit row of a form. */
export function SubmitRow({ label }: { label: string }) {
  return (
    <div>
      <Button type="submit">{label}</Button>
    </div>
  );
}
