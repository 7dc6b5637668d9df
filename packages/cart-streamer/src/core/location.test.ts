import { describe, expect, it } from 'vitest';
import { basename, dirname, extname, isUri, join } from './location.js';
import { outboxFile, eventLogDir } from './paths.js';
import { segmentPath, segmentsDir } from './manifest.js';

describe('paths of gs:// locations', () => {
  it('keep gs:// whole where node:path would fold it to gs:/', () => {
    expect(join('gs://lake/streamer', 'state', 'a.json')).toBe('gs://lake/streamer/state/a.json');
    expect(join('gs://lake', 'a.json')).toBe('gs://lake/a.json');
    expect(join('gs://lake/', 'a.json')).toBe('gs://lake/a.json');
    expect(dirname('gs://lake/streamer/carts_state.json')).toBe('gs://lake/streamer');
    expect(dirname('gs://lake/carts_state.json')).toBe('gs://lake');
    expect(basename('gs://lake/streamer/carts_state.json', '.json')).toBe('carts_state');
    expect(extname('gs://lake/streamer/carts_state.json')).toBe('.json');
  });

  it('given the streamer\'s derived files, then they sit next to a gs:// state as they do next to a local one', () => {
    expect(outboxFile('gs://lake/streamer/carts_state.json')).toBe('gs://lake/streamer/carts_state.outbox.json');
    expect(segmentsDir('gs://lake/streamer/carts_state.json')).toBe('gs://lake/streamer/carts_state.segments');
    expect(segmentPath('gs://lake/s/carts_state.json', { file: 'carts_state.segments/00000001-base-abc.jsonl' })).toBe('gs://lake/s/carts_state.segments/00000001-base-abc.jsonl');
    expect(eventLogDir('gs://lake/events')).toBe('gs://lake/events/carts-events');
  });

  it('leave local paths to node:path', () => {
    expect(join('state', 'a.json')).toBe('state/a.json');
    expect(dirname('/x/state/a.json')).toBe('/x/state');
    expect(isUri('/x/state/a.json')).toBe(false);
    expect(isUri('gs://lake/a')).toBe(true);
  });
});
