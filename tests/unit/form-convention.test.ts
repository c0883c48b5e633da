import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { DomainError, invalid } from "../../domain/errors";
import { selfDiagnosisFormSchema } from "../../domain/self-diagnosis/self-diagnosis.schema";
import { examinationFormSchema } from "../../domain/examination/examination.schema";
import { formText } from "../../domain/forms/form-text";
import { replyDone, replyInvalid, replyRefused } from "../../app/utils/form-reply.server";
import { z } from "zod";

/** Decision 033: one way to write a form action. */
const ROUTES = "app/routes";
const source = (file: string) => readFileSync(join(ROUTES, file), "utf8");

/** Routes that are not forms: the JSON API (problem+json, decision 024). */
const NOT_FORMS = /^api\.v1\./;

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const item of Array.isArray(value) ? value : [value]) data.append(name, item);
  return data;
}

/** `data()` from @remix-run/node: the reply and its status. */
function unwrap(reply: unknown): { status: number; body: Record<string, unknown> } {
  const wrapped = reply as { type?: string; data?: unknown; init?: { status?: number } };
  if (wrapped.type === "DataWithResponseInit")
    return { status: wrapped.init?.status ?? 200, body: wrapped.data as Record<string, unknown> };
  return { status: 200, body: reply as Record<string, unknown> };
}

describe("form actions", () => {
  const routes = readdirSync(ROUTES).filter((file) => !NOT_FORMS.test(file));

  it("every route that reads a form parses it with conform + zod", () => {
    const readers = routes.filter((file) => /request\.formData\(\)|parseUploadForm\(/.test(source(file)));
    expect(readers.length).toBeGreaterThan(20);
    // The team pages hand their FormData to inviteToTeam (app/utils/team.server.ts), which parses it.
    const parses = (file: string) => source(file).includes("parseWithZod(") || source(file).includes("inviteToTeam(");
    expect(readFileSync("app/utils/team.server.ts", "utf8")).toContain("parseWithZod(");
    expect(readers.filter((file) => !parses(file))).toEqual([]);
  });

  it("no route uses the helpers the convention replaced, nor reads fields by hand", () => {
    // Reading the discriminator that picks the schema (`intent`, `existingUser`) is allowed.
    const old =
      /\b(formAction|actionFailure|invalidSubmission|domainErrorReply)\(|\b(field|text)\(form\b|form(Data)?\.get(All)?\("(?!intent"|existingUser")|\.safeParse\(/;
    expect(routes.filter((file) => old.test(source(file)))).toEqual([]);
  });

  it("pages show field errors with the one FieldError (app/components/ui/field-error.tsx)", () => {
    const files = readdirSync("app", { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".tsx") && !f.endsWith("field-error.tsx"),
    );
    const handMade = files.filter(
      (f) =>
        /className="field__error"|className="field-error"/.test(readFileSync(join("app", f), "utf8")) &&
        !f.endsWith("description-editor.tsx"),
    );
    expect(handMade).toEqual([]);
  });
});

describe("FormReply", () => {
  const schema = z.object({ name: z.string({ error: "errors.required" }), password: formText });

  it("invalid input: 400, field errors as catalogue keys, values typed back except hidden ones", () => {
    const submission = parseWithZod(form({ password: "secret" }), { schema });
    const { status, body } = unwrap(replyInvalid(submission, { form: "signup", hideFields: ["password"] }));
    expect(status).toBe(400);
    expect(body.form).toBe("signup");
    const result = body.result as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(result.error.name).toEqual(["errors.required"]);
    expect(result.error[""]?.[0]).toMatch(/^Certains champs/); // the summary, translated
    expect(result.initialValue.password).toBeUndefined();
  });

  it("a domain refusal: its field errors, its message translated, the status of its kind", () => {
    const submission = parseWithZod(form({ name: "x" }), { schema });
    const { status, body } = unwrap(replyRefused(submission, invalid({ name: ["errors.tooLong"] })));
    expect(status).toBe(400);
    expect((body.result as { error: Record<string, string[]> }).error.name).toEqual(["errors.tooLong"]);
    expect(body.refusedWith).toBe("errors.validation");
    const conflict = unwrap(replyRefused(submission, new DomainError("conflict", "examination.decision.conflict")));
    expect(conflict.status).toBe(409);
  });

  it("kinds the form does not answer go to the error page (a thrown response), and other errors are rethrown", () => {
    const submission = parseWithZod(form({ name: "x" }), { schema });
    expect(() => replyRefused(submission, new DomainError("forbidden", "errors.forbidden"))).toThrow();
    expect(unwrap(replyRefused(submission, new DomainError("forbidden", "errors.forbidden"), { answers: ["forbidden"] })).status).toBe(403);
    const bug = new TypeError("bug");
    expect(() => replyRefused(submission, bug)).toThrow(bug);
  });

  it("done: a success result and the notice", () => {
    const submission = parseWithZod(form({ name: "x" }), { schema });
    const reply = replyDone(submission, { notice: { key: "space.saved" } });
    expect(reply.result.status).toBe("success");
    expect(reply.notice).toEqual({ key: "space.saved" });
  });
});

describe("form schemas", () => {
  it("the self-diagnosis puts back the indicator codes conform splits at the dot", () => {
    const submission = parseWithZod(form({ "level-1.1": "acquis", "level-2.12": "partiel", "level-3.1": "", other: "x" }), {
      schema: selfDiagnosisFormSchema,
    });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" ? submission.value : null).toEqual([
      { code: "1.1", level: "acquis" },
      { code: "2.12", level: "partiel" },
    ]);
  });

  it("form text refuses NUL and control characters before any query", () => {
    const submission = parseWithZod(form({ intent: "decide", indicatorId: "00000000-0000-4000-8000-000000000001", reason: "a\u0000b" }), {
      schema: examinationFormSchema,
    });
    expect(submission.status === "error" ? submission.error?.reason : null).toEqual(["validation.text.controlCharacters"]);
  });

  it("an id that is not one is refused by the schema", () => {
    const submission = parseWithZod(form({ intent: "assign", examinerId: "1 or 1=1" }), { schema: examinationFormSchema });
    expect(submission.status === "error" ? submission.error?.examinerId : null).toEqual(["validation.id.invalid"]);
  });
});
