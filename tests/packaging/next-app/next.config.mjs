import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const workspaceRoot = path.join(here, '..');

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  // The workspace root (tests/packaging) holds node_modules and the lockfile.
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;
