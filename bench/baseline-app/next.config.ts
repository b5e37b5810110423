import type { NextConfig } from "next";

// The bare app the API benchmark measures the product against: one route handler, no
// proxy, no instrumentation, no workers. Never deployed; built by bench/api-throughput.ts.
const config: NextConfig = {
  // At the repository root, where .next-* directories are ignored by git and tsc, so the
  // build output is not linted or type-checked as part of bench/.
  distDir: process.env.NEXT_DIST_DIR ?? "../../.next-bench-baseline",
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["postgres"],
};

export default config;
