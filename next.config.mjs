/** @type {import('next').NextConfig} */
const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      // Next.js injects inline bootstrap scripts; React dev tooling needs eval only in development.
      `script-src 'self' 'unsafe-inline'${process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : ""}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join("; "),
  },
];

const nextConfig = {
  // Next gzips every response whose client sends Accept-Encoding, SSE included: that doubles the
  // CPU per streamed /v1 request and holds chunks back. Compression belongs to a reverse proxy.
  compress: false,
  poweredByHeader: false,
  reactStrictMode: true,
  // undici (the upstream connection pool) runs from node_modules as well: its keep-alive timers are
  // then told apart from Keygate's own in the serverless timer test (e2e/api/serverless.test.ts).
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "undici", "nodemailer"],
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  async headers() {
    return [{ source: "/((?!v1/).*)", headers: securityHeaders }];
  },
};

export default nextConfig;
