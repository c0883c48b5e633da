import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// The server's CommonJS build of @remix-run/router, as patched (patches/@remix-run+router+1.23.3.patch).
const require = createRequire(import.meta.url);
const router = require("@remix-run/router") as typeof import("@remix-run/router");

const routes = [
  {
    id: "root",
    path: "",
    children: [
      { id: "login", path: "login" },
      { id: "room", path: "financeur/examens/:dossierId" },
      { id: "queue", path: "financeur/examens", index: false },
      { id: "splat", path: "*" },
    ],
  },
];

describe("route matching with the kept results (patched @remix-run/router)", () => {
  it("answers a pathname the same way every time", () => {
    const first = router.matchRoutes(routes, "/financeur/examens/d-1");
    const again = router.matchRoutes(routes, "/financeur/examens/d-1");
    expect(first?.map((m) => m.route.id)).toEqual(["root", "room"]);
    expect(again).toEqual(first);
    expect(router.matchRoutes(routes, "/financeur/examens/d-2")?.[1]?.params).toEqual({ dossierId: "d-2" });
    expect(router.matchRoutes(routes, "/inconnu/chemin")?.[1]?.route.id).toBe("splat");
  });

  it("hands every caller its own match objects", () => {
    const first = router.matchRoutes(routes, "/financeur/examens/d-3")!;
    // A caller (a loader, say) may change the params it was handed: typed read-only, a plain object at run time.
    (first[1]!.params as Record<string, string>).dossierId = "changed";
    first.pop();
    const again = router.matchRoutes(routes, "/financeur/examens/d-3")!;
    expect(again).toHaveLength(2);
    expect(again[1]!.params).toEqual({ dossierId: "d-3" });
    expect(again[0]!.route).toBe(routes[0]);
  });

  it("keeps results per route tree: another tree answers for itself", () => {
    const other = [{ id: "only", path: "financeur/examens/:id" }];
    expect(router.matchRoutes(routes, "/financeur/examens/d-4")?.map((m) => m.route.id)).toEqual(["root", "room"]);
    expect(router.matchRoutes(other, "/financeur/examens/d-4")?.map((m) => m.route.id)).toEqual(["only"]);
    expect(router.matchRoutes(other, "/login")).toBeNull();
  });
});
