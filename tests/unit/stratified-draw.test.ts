import { describe, expect, it } from "vitest";
import {
  allocate,
  canonicalPopulation,
  mulberry32,
  populationFingerprint,
  sampleSize,
  stratifiedDraw,
  type PopulationEntry,
} from "../../domain/campaigns/stratified-draw";

/** A population of `sizes[region]` OFs per region, ids made unique and sortable. */
function population(sizes: Record<string, number>): PopulationEntry[] {
  return Object.entries(sizes).flatMap(([region, n]) =>
    Array.from({ length: n }, (_, i) => ({ organisationId: `${region || "x"}-${String(i).padStart(5, "0")}`, region })),
  );
}

const REGIONS = { Bretagne: 412, "Île-de-France": 1830, Occitanie: 655, "Hauts-de-France": 97, "": 6 };

describe("mulberry32", () => {
  it("is the published generator (its well-known first value for seed 42): these values never change, recorded campaigns are replayed with it", () => {
    const random = mulberry32(42);
    const first = Array.from({ length: 3 }, () => random());
    expect(first).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
    const again = mulberry32(42);
    expect(Array.from({ length: 3 }, () => again())).toEqual(first);
  });

  it("stays in [0, 1) and spreads evenly", () => {
    const random = mulberry32(7);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = random();
      if (x < 0 || x >= 1) outside += 1;
      else buckets[Math.floor(x * 10)]! += 1;
    }
    expect(outside).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe("sample size and allocation", () => {
  it("rounds the share half up", () => {
    expect(sampleSize(3000, 500)).toBe(150); // 5 %
    expect(sampleSize(30, 250)).toBe(1); // 0.75 → 1
    expect(sampleSize(20, 250)).toBe(1); // 0.5 → 1 (half up)
    expect(sampleSize(19, 250)).toBe(0); // 0.475 → 0
    expect(sampleSize(7, 10_000)).toBe(7); // 100 %
  });

  it("gives each region its share, rounded by the largest remainder so that the total matches", () => {
    // Three regions of one OF at 50 %: 1.5 → 2 drawn; shares of 2/3 each: two regions get one, by name.
    expect(
      allocate(
        [
          { region: "A", population: 1 },
          { region: "B", population: 1 },
          { region: "C", population: 1 },
        ],
        2,
      ),
    ).toEqual([
      { region: "A", population: 1, drawn: 1 },
      { region: "B", population: 1, drawn: 1 },
      { region: "C", population: 1, drawn: 0 },
    ]);
    // Shares 6.5, 2.6, 0.9 of 10: integer parts 6, 2, 0; the two seats left go to 0.9 then 0.6.
    expect(
      allocate(
        [
          { region: "A", population: 65 },
          { region: "B", population: 26 },
          { region: "C", population: 9 },
        ],
        10,
      ),
    ).toEqual([
      { region: "A", population: 65, drawn: 6 },
      { region: "B", population: 26, drawn: 3 },
      { region: "C", population: 9, drawn: 1 },
    ]);
  });
});

describe("stratified draw", () => {
  const all = population(REGIONS);
  const size = all.length;

  it("draws the share of the population in total, each region its share (within one), no OF twice", () => {
    for (const bp of [100, 250, 500, 1_000, 3_333]) {
      const result = stratifiedDraw(all, bp, 123_456);
      expect(result.total).toBe(Math.round((size * bp) / 10_000));
      expect(result.drawn).toHaveLength(result.total);
      expect(new Set(result.drawn.map((d) => d.organisationId)).size).toBe(result.total);
      expect(result.strata.reduce((n, s) => n + s.drawn, 0)).toBe(result.total);
      for (const stratum of result.strata) {
        const exact = (stratum.population * result.total) / size;
        expect(Math.abs(stratum.drawn - exact)).toBeLessThan(1);
        expect(result.drawn.filter((d) => d.region === stratum.region)).toHaveLength(stratum.drawn);
      }
    }
  });

  it("is deterministic for a seed, whatever the order the population comes in", () => {
    const one = stratifiedDraw(all, 500, 2_026);
    const shuffled = [...all].reverse();
    const two = stratifiedDraw(shuffled, 500, 2_026);
    expect(two.drawn).toEqual(one.drawn);
    expect(populationFingerprint(shuffled)).toBe(populationFingerprint(all));
    const other = stratifiedDraw(all, 500, 2_027);
    expect(other.drawn.map((d) => d.organisationId)).not.toEqual(one.drawn.map((d) => d.organisationId));
    expect(other.strata).toEqual(one.strata); // the seed changes who, never how many per region
  });

  it("gives every OF of a region the same chance", () => {
    const small = population({ A: 10, B: 5 });
    const seen = new Map<string, number>();
    for (let seed = 0; seed < 3_000; seed++) {
      for (const d of stratifiedDraw(small, 2_000, seed).drawn) seen.set(d.organisationId, (seen.get(d.organisationId) ?? 0) + 1);
    }
    // 20 % of 15 = 3: A gets 2 of 10 (p = 0.2), B 1 of 5 (p = 0.2): about 600 draws each over 3,000 seeds.
    expect(seen.size).toBe(15);
    for (const count of seen.values()) expect(Math.abs(count - 600)).toBeLessThan(120);
  });

  it("an empty population draws nothing; the fingerprint names the population exactly", () => {
    expect(stratifiedDraw([], 500, 1)).toEqual({ population: [], total: 0, strata: [], drawn: [] });
    const a = populationFingerprint(population({ A: 2 }));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(populationFingerprint(population({ A: 3 }))).not.toBe(a);
    expect(populationFingerprint([{ organisationId: "A-00000", region: "B" }, population({ A: 2 })[1]!])).not.toBe(a);
    expect(canonicalPopulation(population({ b: 1, "": 1, a: 1 })).map((e) => e.region)).toEqual(["", "a", "b"]);
  });
});
