import { describe, expect, it } from "vitest";
import { closingBlockers, outcomeList, type ReviewState } from "./closing-rules";

const r = (code: string, decision: ReviewState["decision"], stale = false, reason: string | null = null): ReviewState => ({
  indicatorId: code,
  code,
  decision,
  reason,
  stale,
});

describe("closing rules", () => {
  it("datadocké needs every indicator validé and none stale", () => {
    expect(closingBlockers("declare_datadocke", [r("1", "valide"), r("2", "valide")])).toEqual([]);
    expect(closingBlockers("declare_datadocke", [r("1", "valide"), r("2", null)])).toEqual(["examination.close.undecided"]);
    expect(closingBlockers("declare_datadocke", [r("1", "valide", true)])).toEqual(["examination.close.stale"]);
    expect(closingBlockers("declare_datadocke", [r("1", "a_completer", false, "x")])).toEqual(["examination.close.notAllValid"]);
  });
  it("send back needs one à compléter; non conforme needs one non conforme", () => {
    expect(closingBlockers("send_back", [r("1", "valide")])).toEqual(["examination.close.nothingToComplete"]);
    expect(closingBlockers("send_back", [r("1", "a_completer", false, "x")])).toEqual([]);
    expect(closingBlockers("close_non_conforme", [r("1", "a_completer", false, "x")])).toEqual(["examination.close.nothingNonConforme"]);
  });
  it("lists what goes back to the OF", () => {
    const reviews = [r("1", "valide"), r("2", "a_completer", false, "A"), r("3", "non_conforme", false, "N")];
    expect(outcomeList("send_back", reviews)).toEqual([
      { code: "2", reason: "A" },
      { code: "3", reason: "N" },
    ]);
    expect(outcomeList("close_non_conforme", reviews)).toEqual([{ code: "3", reason: "N" }]);
  });
});
