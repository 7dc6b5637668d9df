/**
 * The floor of `make bench-batch`: the least any batch extract of the Fake Store lists can do.
 * Node's fetch, one JSON.parse of each whole body, the same records written back as JSON lines,
 * fsync. No validation, no envelope, no checksum, no retries. Both lists at once, as batch-ingest
 * fetches them.
 *
 * Usage: node scripts/bench-batch-floor.ts API_URL OUT_DIR [ENTITY...]
 * Prints one JSON line: {"products": rows, "users": rows}.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';

const [apiUrl, outDir, ...named] = process.argv.slice(2);
if (!apiUrl || !outDir) {
  console.error('usage: node scripts/bench-batch-floor.ts API_URL OUT_DIR [ENTITY...]');
  process.exit(2);
}
const entities = named.length > 0 ? named : ['products', 'users'];

async function extract(entity: string): Promise<number> {
  const response = await fetch(`${apiUrl}/${entity}`);
  if (!response.ok) throw new Error(`GET /${entity}: ${response.status}`);
  const records = JSON.parse(await response.text()) as unknown[];
  const file = await open(join(outDir!, `${entity}.jsonl`), 'w');
  try {
    let chunk = '';
    for (const record of records) {
      chunk += `${JSON.stringify(record)}\n`;
      if (chunk.length >= 1 << 20) {
        await file.write(chunk);
        chunk = '';
      }
    }
    await file.write(chunk);
    await file.sync();
  } finally {
    await file.close();
  }
  return records.length;
}

const counts = await Promise.all(entities.map(extract));
process.stdout.write(`${JSON.stringify(Object.fromEntries(entities.map((entity, index) => [entity, counts[index]])))}\n`);
