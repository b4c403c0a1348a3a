// grogne's version, read from package.json where npm and the changelog keep it, so that
// /healthz, /openapi.json and `grogne --version` never disagree with the package.
import { readFileSync } from 'node:fs';

// One level up from src/version.ts and from dist/version.js alike: the project root.
const PACKAGE_JSON = new URL('../package.json', import.meta.url);

/** The "version" of grogne's package.json; "unknown" when the file is not beside the code. */
export function packageVersion(file: URL = PACKAGE_JSON): string {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
