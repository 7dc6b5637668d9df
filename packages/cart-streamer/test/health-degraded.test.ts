import { describe, expect, it } from 'vitest';
import { eventually, getHealth, getMetrics, httpPortOf } from './support/health.js';
import { sampleValue } from './support/prometheus-text.js';
import { PROJECT_ID, usePubSub } from './support/pubsub.js';
import { startStreamer, summaries, useStreamer } from './support/streamer.js';

const h = useStreamer();
const ps = usePubSub();

describe('cart-streamer --http-port in gcp mode, when Pub/Sub refuses every publish', () => {
  it('given a degraded cycle (events dead-lettered), then /metrics counts the dead letters, /healthz names it, and SIGTERM exits 3 with the replay line', async () => {
    const { topic } = await ps.topicWithSubscription();
    await ps.failPublish('FAILED_PRECONDITION', -1);
    try {
      const streamer = await startStreamer(h, ['--poll-interval', '60', '--http-port', '0', '--project-id', PROJECT_ID, '--topic', topic], ps.emulator().env);
      const port = httpPortOf(streamer);
      await eventually('the first cycle', () => (summaries(streamer.stdout()).length > 0 ? true : undefined));
      expect(summaries(streamer.stdout())[0]).toMatchObject({ created: 7, dead_lettered: 7, published: 0 });

      const metrics = await getMetrics(port);
      expect(sampleValue(metrics, 'cart_streamer_cycles_total', { outcome: 'degraded' })).toBe(1);
      expect(sampleValue(metrics, 'cart_streamer_dead_letters_total')).toBe(7);
      expect(sampleValue(metrics, 'cart_streamer_events_total', { type: 'cart_created' })).toBe(7);
      expect(sampleValue(metrics, 'cart_streamer_last_success_timestamp_seconds')).toBe(0);
      const { status, body } = await getHealth(port);
      // Within 3 poll intervals of the start; a degraded cycle is not a success, so none is recorded.
      expect(status).toBe(200);
      expect(body).toMatchObject({ last_outcome: 'degraded', last_success_at: null, consecutive_failures: 0 });
      expect(body.reason).toContain('the last cycle dead-lettered events');

      streamer.child.kill('SIGTERM');
      expect(await streamer.exited).toBe(3);
      expect(streamer.stderr()).toMatch(/^cart-streamer: 7 event\(s\) could not be published and were dead-lettered to .*; once the cause is fixed, run: cart-streamer replay-dlq /);
    } finally {
      await ps.reset();
    }
  });
});
