import { describe, expect, it } from "vitest";
import { sanitizeRichText } from "./rich-text";

const ALLOWED_TAGS = new Set([
  "p",
  "br",
  "strong",
  "b",
  "em",
  "i",
  "u",
  "s",
  "ul",
  "ol",
  "li",
  "h2",
  "h3",
  "h4",
  "blockquote",
  "code",
  "pre",
  "hr",
  "a",
]);
const ALLOWED_ATTRIBUTES: Record<string, Set<string>> = { a: new Set(["href", "rel"]), ol: new Set(["start"]) };
const TAG = /<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/g;

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * What "neutralised" means for stored rich text, checked on the serialised output: every `<` opens
 * a well-formed allow-listed tag (text `<` is escaped), attributes are only those allowed, links
 * are absolute http(s) with our rel, and no script or style body survives as text.
 */
function expectNeutralised(payload: string): void {
  const out = sanitizeRichText(payload);
  const problems: string[] = [];
  for (const match of out.matchAll(TAG)) {
    const [, , name = "", attributes = ""] = match;
    if (!ALLOWED_TAGS.has(name)) problems.push(`tag <${name}>`);
    for (const attribute of attributes.matchAll(/\s+([a-z-]+)="([^"]*)"/g)) {
      const [, attributeName = "", raw = ""] = attribute;
      if (!ALLOWED_ATTRIBUTES[name]?.has(attributeName)) problems.push(`attribute ${name}[${attributeName}]`);
      const value = decodeAttribute(raw);
      if (attributeName === "href" && !/^https?:\/\/[^\s]/i.test(value)) problems.push(`href ${value}`);
      if (attributeName === "rel" && value !== "noopener noreferrer nofollow") problems.push(`rel ${value}`);
      if (attributeName === "start" && !/^\d+$/.test(value)) problems.push(`start ${value}`);
    }
    if (name === "a" && !match[1] && /href=/.test(attributes) && !/rel=/.test(attributes)) problems.push("link without rel");
  }
  const text = out.replace(TAG, "");
  if (/[<>]/.test(text)) problems.push(`raw angle bracket in ${JSON.stringify(text)}`);
  if (/alert|msgbox|xss\.js/i.test(text)) problems.push(`code left as text in ${JSON.stringify(text)}`);
  expect(problems, `${payload} → ${out}`).toEqual([]);
  expect(sanitizeRichText(out), "sanitising is idempotent").toBe(out);
}

/** Classic filter-evasion payloads (OWASP's cheat sheet and mutation-XSS cases); code only in markup positions. */
const XSS_CORPUS = [
  "<script>alert(1)</script>",
  `<IMG SRC="javascript:alert('XSS');">`,
  "<IMG SRC=JaVaScRiPt:alert('XSS')>",
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>">`,
  `<IMG SRC=# onmouseover="alert('xxs')">`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>`,
  `<a href="&#x6A;avascript&colon;alert(1)">x</a>`,
  `<a href="jav&#x09;ascript:alert(1)">x</a>`,
  `<a href="jav\tascript:alert(1)">x</a>`,
  `<a href=" &#14;  javascript:alert(1)">x</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<a href="//evil.example/">x</a>`,
  `<a href="https://ok.example/" onclick="alert(1)" target="_blank" rel="opener">x</a>`,
  `<a href="https://ok.example/&quot;onmouseover=&quot;alert(1)">x</a>`,
  `<a href='https://ok.example/"onmouseover=alert(1)//'>x</a>`,
  `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  `<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^\`=alert("XSS")>`,
  `<<SCRIPT>alert("XSS");//\\<</SCRIPT>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js?< B >`,
  `<iframe src=http://xss.rocks/scriptlet.html <`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  "<svg/onload=alert('XSS')>",
  "<svg><script>alert(1)</script></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<p style="background:url(javascript:alert(1))">x</p>`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert('XSS');">`,
  `<TABLE BACKGROUND="javascript:alert('XSS')">`,
  `<DIV STYLE="width: expression(alert('XSS'));">`,
  "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`,
  `<p title="</p><script>alert(1)</script>">x</p>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
  `<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>`,
  `<ol start="1 onclick=alert(1)"><li>x</li></ol>`,
  "<template><img src=x onerror=alert(1)></template>",
  "<details open ontoggle=alert(1)>",
  `<strong onmouseover="alert(1)">gras</strong><em style="x:expression(alert(1))">it</em>`,
  `<a href="https://ok.example/"><a href="javascript:alert(1)">imbriqué</a></a>`,
];

describe("rich text sanitising (sanitize-html with the editor's allow-list)", () => {
  it("keeps formatting tags and plain text", () => {
    expect(sanitizeRichText("<p>Un <strong>texte</strong> &amp; une <em>liste</em></p><ul><li>a</li></ul>")).toBe(
      "<p>Un <strong>texte</strong> &amp; une <em>liste</em></p><ul><li>a</li></ul>",
    );
    expect(sanitizeRichText("Texte brut, 3 < 4 & 5 > 2")).toBe("Texte brut, 3 &lt; 4 &amp; 5 &gt; 2");
  });

  it("drops scripts (with their code), handlers and dangerous links", () => {
    expect(sanitizeRichText('<p onclick="x()">a<script>alert(1)</script></p>')).toBe("<p>a</p>");
    expect(sanitizeRichText('<a href="javascript:alert(1)">x</a>')).toBe("<a>x</a>");
    expect(sanitizeRichText('<img src=x onerror=alert(1)><iframe src="//evil"></iframe>')).toBe("");
  });

  it("keeps a link's address as written, escaped once (no double encoding)", () => {
    expect(sanitizeRichText('<a href="https://of.example/?a=1&b=&quot;">x</a>')).toBe(
      '<a href="https://of.example/?a=1&amp;b=&quot;" rel="noopener noreferrer nofollow">x</a>',
    );
  });

  it("closes unbalanced tags", () => {
    expect(sanitizeRichText("<p><strong>a</p>")).toBe("<p><strong>a</strong></p>");
    expect(sanitizeRichText("</em>b")).toBe("b");
  });

  it("stores what the Tiptap editor produces without losing any of it", () => {
    // StarterKit's output: headings 2–3, marks, lists (an ordered list may start elsewhere than 1),
    // blockquote, code block, horizontal rule, hard break.
    const fromEditor =
      "<h2>Démarche</h2><p>Nous <strong>évaluons</strong> chaque <em>stagiaire</em> et <s>barrons</s> <code>x &lt; y</code>.</p>" +
      '<ol start="3"><li><p>Entretien</p></li><li><p>Test</p></li></ol><ul><li><p>A</p></li></ul>' +
      "<blockquote><p>Citation</p></blockquote><pre><code>ligne 1\nligne 2</code></pre><hr /><p>fin<br />ligne</p><h3>Suite</h3>";
    expect(sanitizeRichText(fromEditor)).toBe(fromEditor);
  });

  it.each(XSS_CORPUS.map((payload) => [payload]))("neutralises %s", (payload) => {
    expectNeutralised(payload);
  });
});
