// Launch the system Chromium through playwright-core (never a downloaded browser build).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(path.join(repo, 'package.json'));
const { chromium } = require('playwright-core');

/**
 * The flags every headless Chromium here needs (root: no sandbox; no network beyond the tests), kept once in
 * webdriver.json, which wasm-bindgen-test-runner reads for the browser tests; no GPU either in these pages.
 */
const CHROMIUM_ARGS = [
  ...JSON.parse(readFileSync(path.join(repo, 'webdriver.json'), 'utf8'))['goog:chromeOptions'].args,
  '--disable-gpu',
];

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
