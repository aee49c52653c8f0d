const dev = process.env.NODE_ENV === "development";

/**
 * Content Security Policy: only this app's own scripts, styles, fonts and API. Next.js inlines its bootstrap
 * scripts and React Flow sets inline styles, so 'unsafe-inline' stays for both (no nonces: pages stay static);
 * the dev server also needs 'unsafe-eval'. No framing by anyone (frame-ancestors 'none').
 */
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  // Audio returned by a tool is shown inline (data: URIs) on the run page.
  "media-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and driver packages stay outside the bundle and load from node_modules.
  serverExternalPackages: [
    "better-sqlite3",
    "pg",
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "@prisma/client",
    // Observability: one copy per process (metrics registry, tracer provider), loaded as published.
    "prom-client",
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/context-async-hooks",
    "@opentelemetry/resources",
  ],
  typedRoutes: false,
  // The type check is `npm run typecheck` (tsc on the whole repository, part of `npm test`, stricter than Next's own
  // pass over the app); Next.js repeating it in every build cost ~34 s of a 89 s build on the 2-core machine.
  typescript: { ignoreBuildErrors: true },
  // Turbopack's build cache (on by default) speeds up a rebuild after a change, but writing it costs the first build of
  // a checkout ~12 s; scripts/build-app.ts turns it off for a checkout's first build (a fresh clone, CI) and leaves it
  // on once there has been a build, where rebuilds happen.
  experimental: { turbopackFileSystemCacheForBuild: process.env.SWITCHYARD_BUILD_CACHE !== "off" },
  // MCP clients look for the protected-resource metadata of /mcp here (RFC 9728), and for Switchyard's
  // authorization server metadata (RFC 8414; accounts mode) at the next.
  async rewrites() {
    return [
      { source: "/.well-known/oauth-authorization-server", destination: "/oauth/metadata" },
      { source: "/.well-known/oauth-protected-resource/mcp", destination: "/api/mcp/resource-metadata" },
      { source: "/.well-known/oauth-protected-resource", destination: "/api/mcp/resource-metadata" },
    ];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
