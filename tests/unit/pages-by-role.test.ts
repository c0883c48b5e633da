import { describe, expect, it } from "vitest";
import { EXCLUDED_ROUTES, ROLES, getRoutes } from "../e2e/pages-by-role";

/**
 * The browser audit (tests/e2e/page-audit.ts) visits the pages listed per role in
 * tests/e2e/pages-by-role.ts. A new page route must be added to the list of each role that can
 * reach it (or excluded with a reason): otherwise no test would ever look at it.
 */
describe("pages by role", () => {
  const routes = getRoutes();
  const listed = new Set(ROLES.flatMap((role) => role.pages.map((page) => page.route)));

  it("lists every GET route of app/routes in some role's pages, or excludes it with a reason", () => {
    const forgotten = routes.filter((route) => !listed.has(route) && !(route in EXCLUDED_ROUTES));
    expect(forgotten, "add these routes to the pages of the roles that reach them, in tests/e2e/pages-by-role.ts").toEqual([]);
  });

  it("names only routes that exist, never both listed and excluded", () => {
    expect([...listed].filter((route) => !routes.includes(route))).toEqual([]);
    const files = getRoutes({ getOnly: false });
    expect(Object.keys(EXCLUDED_ROUTES).filter((route) => !files.includes(route))).toEqual([]);
    expect(Object.keys(EXCLUDED_ROUTES).filter((route) => listed.has(route))).toEqual([]);
  });

  it("finds the routes (the check above cannot pass on an empty folder)", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContain("financeur.examens.$dossierId");
  });

  it("gives each page of a role its own screenshot name", () => {
    for (const role of ROLES) {
      const slugs = role.pages.map((page) => page.slug);
      expect(new Set(slugs).size, role.name).toBe(slugs.length);
    }
  });
});
