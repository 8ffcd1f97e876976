import type { NextConfig } from "next";

// Static export: the app-server serves out/ from its jar at "/", same origin as /api/v1.
const nextConfig: NextConfig = {
  output: "export",
  reactStrictMode: true,
  images: { unoptimized: true },
  // The console talks to the API of the server that serves it; nothing is fetched at build time.
  poweredByHeader: false,
};

export default nextConfig;
