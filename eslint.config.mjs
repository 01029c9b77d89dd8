import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Layers point one way: app/ -> server/http -> server/actions -> (runtime, sources, collector,
// store, auth, shared reads, celery history) -> server/brokers -> lib. Each folder below names
// what it may not import; an import that climbs out of its own folder by a relative path
// ("../../http/...") must use "@/..." instead, so the alias patterns see it.
const SERVER_WIDE = { "@/app": "server code never imports routes or pages", "@/components": "server code never imports UI" };
const LAYERS = [
  { dir: "lib", forbid: { "@/server": "lib/ is isomorphic: it never imports server code", "@/components": "lib/ never imports UI", "@/app": "lib/ never imports routes or pages" } },
  { dir: "components", forbid: { "@/server": "client components never import server code; share types through lib/", "@/app": "components never import routes or pages" } },
  { dir: "server", forbid: SERVER_WIDE },
  {
    dir: "server/brokers",
    forbid: {
      ...SERVER_WIDE,
      ...Object.fromEntries(
        ["http", "actions", "auth", "collector", "store", "runtime", "sources", "startup", "shared-reads", "celery-history"].map((m) => [
          `@/server/${m}`,
          "adapters sit below everything else in server/: throw domain errors (server/errors.ts) and return DTOs",
        ]),
      ),
    },
  },
  ...["store", "auth", "collector", "shared-reads", "celery-history"].map((dir) => ({
    dir: `server/${dir}`,
    forbid: { ...SERVER_WIDE, "@/server/http": "only routes and server/http use the HTTP layer", "@/server/actions": "actions are above this layer" },
  })),
  { dir: "server/actions", forbid: { ...SERVER_WIDE, "@/server/http": "actions sit below the HTTP layer: throw domain errors, take a Principal" } },
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const MAX_DEPTH = 5;

// One config object per (layer, depth): flat config replaces a rule's options rather than
// merging them, so each object carries the layer's whole list. Deeper layers come later and win.
function boundaries() {
  return LAYERS.flatMap(({ dir, forbid }) =>
    Array.from({ length: MAX_DEPTH }, (_, depth) => ({
      files: [`${dir}/${"*/".repeat(depth)}*.{ts,tsx}`],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              ...Object.entries(forbid).map(([target, why]) => ({ regex: `^${escape(target)}(/|$)`, message: `${target}: ${why}.` })),
              { regex: `^(\\.\\./){${depth + 1},}`, message: `this climbs out of ${dir}/: import through "@/..." so the layer rules apply.` },
            ],
          },
        ],
      },
    })),
  );
}

const config = [
  ...nextVitals,
  ...nextTs,
  ...boundaries(),
  {
    // Tests read API JSON of many shapes; typing each response would add noise, not safety.
    files: ["tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    ignores: [".next/**", "node_modules/**", ".cache/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
];

export default config;
