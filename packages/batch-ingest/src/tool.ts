import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Name and version of this tool, for manifests and the user agent. */
export const tool = readTool();

function readTool(): { name: string; version: string } {
  try {
    const pkg = z
      .object({ version: z.string() })
      .parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')));
    return { name: 'batch-ingest', version: pkg.version };
  } catch {
    return { name: 'batch-ingest', version: '0.0.0' };
  }
}
