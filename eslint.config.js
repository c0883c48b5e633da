// ESLint 9 flat config. TypeScript files are linted with type information (typescript-eslint's
// project service reads tsconfig.json) for the few rules that need it (no-floating-promises);
// `tsc --noEmit` does the type checking itself. The dependency rule of docs/decisions/002 is
// enforced here with import/no-restricted-paths.
import { fileURLToPath } from "node:url";
import path from "node:path";
import { defineConfig } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import importPlugin from "eslint-plugin-import";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

const root = path.dirname(fileURLToPath(import.meta.url));

/** Where process.env may be read: the server (once, in server/config/env.ts), tests and scripts. */
const envReaders = ["server/**", "tests/**", "scripts/**"];

/** The layers of the dependency rule; tests/ and scripts/ are tooling and may import any of them. */
const zones = [
  // Nothing imports server/.
  { target: ["./app", "./domain", "./db", "./collab"], from: "./server", message: "Nothing imports server/ (docs/decisions/002)." },
  // app → domain, and collab/shared/ only.
  { target: "./app", from: "./db", message: "app/ reaches the database through domain/ and context.services (docs/decisions/008)." },
  {
    target: "./app",
    from: "./collab",
    except: ["./shared"],
    message: "app/ may import collab/shared/ only (docs/decisions/002).",
  },
  // domain → db.
  { target: "./domain", from: ["./app", "./collab"], message: "domain/ depends on db/ only (docs/decisions/002)." },
  // db → nothing of ours.
  { target: "./db", from: ["./app", "./domain", "./collab"], message: "db/ imports nothing of ours (docs/decisions/002)." },
  // collab → domain, db.
  { target: "./collab", from: "./app", message: "collab/ does not import app/ (docs/decisions/002)." },
  // collab/shared/ ends up in the browser bundle: isomorphic, no database, no server-side collab.
  {
    target: "./collab/shared",
    from: "./collab",
    except: ["./shared"],
    message: "collab/shared/ is isomorphic: it imports nothing else of collab/ (docs/decisions/002).",
  },
  { target: "./collab/shared", from: "./db", message: "collab/shared/ is bundled for the browser: no db/ (docs/decisions/002)." },
];

const envMessage = "Only server/ reads process.env (server/config/env.ts); pass configuration in (context.services.config).";

const queryMessage = "Queries are written in domain/<area>/ (docs/architecture.md, Data access): call a domain function.";
/** Kysely's entry points to a query or a transaction, forbidden outside domain/ (and db/ migrations and seeds). */
const queryBuilders = ["selectFrom", "insertInto", "updateTable", "deleteFrom", "mergeInto", "replaceInto", "transaction"].map(
  (property) => ({ property, message: queryMessage }),
);

/** no-restricted-imports options: `env` forbids `import { env } from "node:process"`, `tilde` forbids the app-only `~/` alias. */
function restrictedImports({ env, tilde }) {
  const paths = env ? ["process", "node:process"].map((name) => ({ name, importNames: ["env"], message: envMessage })) : [];
  const patterns = tilde
    ? [{ group: ["~/*", "~"], message: "`~/` is app/'s alias; outside app/ import by relative path (and respect docs/decisions/002)." }]
    : [];
  return ["error", { paths, patterns }];
}

export default defineConfig(
  {
    ignores: [
      "build/**",
      "dist/**",
      "public/build/**",
      "public/pdfjs/**",
      "data/**",
      "**/node_modules/**",
      "tests/bench/results/**",
      ".cache/**",
      "test-results/**",
      "coverage/**",
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: "warn" },
  },

  js.configs.recommended,
  ...tseslint.configs.recommended,

  {
    files: ["**/*.{js,mjs,cjs,ts,tsx,mts,cts}"],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    plugins: { import: importPlugin },
    settings: {
      "import/resolver": { node: { extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx", ".json", ".d.ts"] } },
      "import/extensions": [".ts", ".tsx", ".mts", ".js", ".mjs", ".jsx"],
      "import/parsers": { "@typescript-eslint/parser": [".ts", ".tsx", ".mts", ".cts"] },
    },
    rules: {
      "import/no-restricted-paths": ["error", { basePath: root, zones }],
      // An import the resolver cannot follow escapes the zones above silently, so every
      // relative import must resolve (write them without extension, as tsc's Bundler mode allows).
      // Packages are left to tsc (the node resolver does not read `exports` maps). build/ may not exist yet.
      "import/no-unresolved": ["error", { ignore: ["^[^.]", "/build/"], caseSensitive: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true },
      ],
      // Stripping control characters from user input (file names, CSV cells) is deliberate here.
      "no-control-regex": "off",
      // `interface AppLoadContext extends DatadockLoadContext {}` is how module augmentation is written.
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
      "no-restricted-imports": restrictedImports({ env: false, tilde: true }),
    },
  },

  // TypeScript with type information: a promise is awaited or returned; fire-and-forget says so
  // with `void` AND handles the rejection (`void p.catch(log)`, `void p.then(ok, fail)`): with
  // ignoreVoid off, a bare `void p` is reported too. Imports used only as types say so (erased from bundles).
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: false }],
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
    },
  },
  // collab/shared/ is bundled for the browser: it may name domain/ types, never import its code.
  {
    files: ["collab/shared/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/domain", "**/domain/**"],
              allowTypeImports: true,
              message: "collab/shared/ is bundled for the browser: import domain/ types only (`import type`) (docs/decisions/002).",
            },
          ],
        },
      ],
    },
  },

  // process.env is read by server/, tests/ and scripts/ only.
  {
    files: ["**/*.{js,mjs,cjs,ts,tsx,mts,cts}"],
    ignores: envReaders,
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: envMessage }],
      "no-restricted-syntax": [
        "error",
        // globalThis.process.env, global.process.env
        { selector: "MemberExpression[object.property.name='process'][property.name='env']", message: envMessage },
      ],
      "no-restricted-imports": restrictedImports({ env: true, tilde: true }),
    },
  },
  // Data access (docs/architecture.md): queries are written in domain/ only. app/, collab/ and server/
  // call domain functions; they never build a query or open a transaction themselves.
  {
    files: ["app/**/*.{ts,tsx}", "collab/**/*.ts"],
    rules: { "no-restricted-properties": ["error", { object: "process", property: "env", message: envMessage }, ...queryBuilders] },
  },
  {
    files: ["server/**/*.ts"],
    // seed-scale bulk-loads benchmark volumes, as db/seed/ loads the référentiels.
    ignores: ["server/cli/seed-scale.ts"],
    rules: { "no-restricted-properties": ["error", ...queryBuilders] },
  },
  // app/ owns the `~/` alias.
  {
    files: ["app/**/*.{ts,tsx,js,jsx}"],
    rules: { "no-restricted-imports": restrictedImports({ env: true, tilde: false }) },
  },
  // Tests may reach app/ code through its alias.
  {
    files: ["tests/**/*.{ts,tsx,js,mjs}"],
    rules: { "no-restricted-imports": restrictedImports({ env: false, tilde: false }) },
  },

  // The portal: React hooks rules, browser and node globals (loaders run on the server).
  {
    files: ["app/**/*.{ts,tsx,js,jsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
    },
  },
  // Browser-side code outside app/ (collab/shared is bundled for the portal; public/ scripts).
  {
    files: ["collab/shared/**/*.{ts,tsx}", "public/**/*.js", "tests/e2e/**/*.ts"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },

  // Migrations run on Kysely<any> by design (frozen against the schema of their day), and
  // test helpers build databases before a typed schema applies.
  {
    files: ["db/migrations/**/*.ts", "db/migrate.ts", "tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  // Ambient declaration files (`declare module`, triple-slash references).
  {
    files: ["**/*.d.ts"],
    rules: { "@typescript-eslint/triple-slash-reference": "off" },
  },
);
