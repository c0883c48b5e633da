import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../../app/utils/safe-redirect";

const HOME = "/accueil";

/** Targets that leave the site in some browser, or break the Location header: each must give the fallback. */
const ATTACKS = [
  // other origins, written plainly
  "https://evil.example",
  "http://evil.example/organisme",
  "//evil.example",
  "//evil.example/organisme",
  "///evil.example",
  "////evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "mailto:a@evil.example",
  "evil.example",
  "organisme",
  "",
  // backslashes (read as "/" by browsers)
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "\\/evil.example",
  "/organisme\\..\\..\\evil",
  // control characters browsers drop, once the query string is decoded (?redirectTo=/%09/evil.example)
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\nSet-Cookie: session=x",
  "/organisme\r\nLocation: https://evil.example",
  "\t//evil.example",
  " //evil.example",
  "/ /evil.example",
  "/\u0000/evil.example",
  "/\u000b/evil.example",
  "/\u007f/evil.example",
  "/\u0085/evil.example",
  "/\u00a0/evil.example",
  "/\u2028/evil.example",
  "/\u202e/evil.example",
  "/\u200b/evil.example",
  "/\ufeff/evil.example",
  "/\u3000/evil.example",
  // percent-encoded tricks, single and double
  "/%2F/evil.example",
  "/%2f/evil.example",
  "/%5Cevil.example",
  "/%5cevil.example",
  "/%252F/evil.example",
  "/%25252F%25252Fevil.example",
  "/%09/evil.example",
  "/%0D%0ASet-Cookie:x",
  "/%00",
  "/%E0%A4%A",
  "/%",
  // userinfo and odd authorities
  "https:evil.example",
  "http:/evil.example",
  "/.\\evil.example",
  // unicode look-alikes of "/" and "\" (NFKC-normalised by some parsers)
  "/\uff0f/evil.example",
  "/\uff3cevil.example",
  // too long
  `/${"a".repeat(2001)}`,
];

describe("safeRedirectPath", () => {
  it.each(ATTACKS)("refuses %j", (target) => {
    expect(safeRedirectPath(target, HOME)).toBe(HOME);
  });

  it("refuses what is not a string", () => {
    for (const value of [null, undefined, 42, {}, ["/organisme"], new File([], "x")]) expect(safeRedirectPath(value, HOME)).toBe(HOME);
  });

  it.each([
    ["/organisme", "/organisme"],
    ["/organisme/dossier/indicateur/1.2", "/organisme/dossier/indicateur/1.2"],
    ["/financeur/examens?statut=soumis&q=jean%20dupont", "/financeur/examens?statut=soumis&q=jean%20dupont"],
    ["/financeur/rapports?region=%C3%8Ele-de-France#tableau", "/financeur/rapports?region=%C3%8Ele-de-France#tableau"],
    ["/recherche?q=100%25", "/recherche?q=100%25"],
    ["/a/../organisme", "/organisme"],
    ["/fichiers/mon%20document", "/fichiers/mon%20document"],
    ["/", "/"],
    ["/@alice", "/@alice"],
  ])("keeps the same-site path %j", (target, expected) => {
    expect(safeRedirectPath(target, HOME)).toBe(expected);
  });

  it("returns only values that stay on the origin and are valid header values", () => {
    const origin = "https://datadock.example";
    for (const target of ATTACKS) {
      const result = safeRedirectPath(target, HOME);
      expect(new URL(result, origin).origin).toBe(origin);
      expect(() => new Headers({ Location: result })).not.toThrow();
    }
  });
});
