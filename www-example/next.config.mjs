import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A static site in out/, served by the devserver (`--static www-example/out`): app and API share one
  // origin, so the devserver's session cookie goes along with every SDK request.
  output: 'export',
  reactStrictMode: true,
  // This folder is its own project (its own lockfile), inside the repository's.
  turbopack: { root: here },
  outputFileTracingRoot: here,
};

export default nextConfig;
