import { readFileSync } from 'node:fs';
import { z } from 'zod';

const packageJson = z.object({ version: z.string().min(1) });

/**
 * The `version` of a package.json, for `--version` and user agents; `0.0.0` when it cannot be read
 * (a broken install must still answer `--help`). Pass `new URL('../package.json', import.meta.url)`.
 */
export function packageVersion(packageJsonUrl: URL): string {
  try {
    return packageJson.parse(JSON.parse(readFileSync(packageJsonUrl, 'utf8'))).version;
  } catch {
    return '0.0.0';
  }
}
