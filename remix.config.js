/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Nothing is bundled from node_modules: yjs/lib0 must be loaded once (see docs/decisions/003).
  serverDependenciesToBundle: [],
  // Tailwind CSS 4 runs as a PostCSS plugin (postcss.config.mjs); the built-in v3 support stays off.
  postcss: true,
  tailwind: false,
  watchPaths: ["./domain/**/*", "./collab/shared/**/*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};
