import { describe, expect, it } from "vitest";
import { matchesActivityFilters, parseActivityFilters } from "./activity-filters";

const FUNDER = "11111111-1111-4111-8111-111111111111";
const OF = "22222222-2222-4222-8222-222222222222";
const DOSSIER = "33333333-3333-4333-8333-333333333333";
const item = { kind: "decision", actorOrganisationId: FUNDER, organisationId: OF, dossierId: DOSSIER };

describe("activity feed filters", () => {
  it("keeps valid filters and drops (and reports) malformed ones", () => {
    expect(parseActivityFilters(new URLSearchParams(`kind=decision&organisation=${OF}`))).toEqual({
      filters: { kind: "decision", organisation: OF },
      errorKey: null,
    });
    expect(parseActivityFilters(new URLSearchParams("kind="))).toEqual({ filters: {}, errorKey: null });
    expect(parseActivityFilters(new URLSearchParams(`kind=everything&dossier=${DOSSIER}&organisation=x`))).toEqual({
      filters: { dossier: DOSSIER },
      errorKey: "live.feed.invalidFilter",
    });
  });

  it("matches an event by kind, dossier, and the funder or OF it concerns", () => {
    expect(matchesActivityFilters(item, {})).toBe(true);
    expect(matchesActivityFilters(item, { kind: "decision", dossier: DOSSIER })).toBe(true);
    expect(matchesActivityFilters(item, { kind: "message" })).toBe(false);
    expect(matchesActivityFilters(item, { organisation: FUNDER })).toBe(true);
    expect(matchesActivityFilters(item, { organisation: OF })).toBe(true);
    expect(matchesActivityFilters(item, { organisation: "44444444-4444-4444-8444-444444444444" })).toBe(false);
    expect(matchesActivityFilters(item, { dossier: "44444444-4444-4444-8444-444444444444" })).toBe(false);
  });
});
