import { runCli } from '@fakestore/shared-core';
import main from './commands/stream.js';

process.exit(
  await runCli({
    name: 'cart-streamer',
    main,
    subCommands: {
      'replay-dlq': () => import('./commands/replay-dlq.js').then((m) => m.default),
    },
    examples: [
      'cart-streamer --once --local-only --api-url http://127.0.0.1:3999   # one cycle into ./events',
      'cart-streamer --poll-interval 30                                     # local mode, every 30 s until SIGTERM',
      'cart-streamer --project-id my-project --topic carts-events           # gcp mode: Pub/Sub with ordering keys',
      'PUBSUB_EMULATOR_HOST=127.0.0.1:8085 cart-streamer --project-id demo-project --once',
      'cart-streamer --once --reset-state                                   # start over (old state kept as .bak)',
      'cart-streamer replay-dlq --project-id my-project                     # re-publish dead letters',
    ],
    subCommandExamples: {
      'replay-dlq': [
        'cart-streamer replay-dlq --project-id my-project --topic carts-events   # to Pub/Sub',
        'cart-streamer replay-dlq --local-only --events-dir ./events             # into the local event log',
        'PUBSUB_EMULATOR_HOST=127.0.0.1:8085 cart-streamer replay-dlq --project-id demo-project',
      ],
    },
  }),
);
