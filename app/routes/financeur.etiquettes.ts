import type { ActionFunctionArgs } from "@remix-run/node";
import { parseWithZod } from "@conform-to/zod/v4";
import { funderLabelFormSchema } from "../../domain/labels/funder-labels.schema";
import { addLabel, removeLabel } from "../../domain/labels/funder-labels.service";
import { requireFunderSide } from "../utils/auth.server";
import { replyDone, replyInvalid, replyRefused } from "../utils/form-reply.server";

/**
 * The label forms (app/components/funder/label-editor.tsx) post here from the funders' space and the
 * examination page; the page they sit on reloads its data after (fetcher). Action only.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requireFunderSide(request, context);
  const submission = parseWithZod(await request.formData(), { schema: funderLabelFormSchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const input = submission.value;
  try {
    if (input.intent === "add-label") await addLabel(context.services.db, actor, { kind: input.target, id: input.targetId }, input.name);
    else await removeLabel(context.services.db, actor, { kind: input.target, id: input.targetId }, input.labelId);
  } catch (error) {
    return replyRefused(submission, error);
  }
  return replyDone(submission, { resetForm: true });
}
