import { addConfigOptions, onRun, packageVersion, toolCommand, toolProgram } from '@fakestore/shared-core';
import type { Command } from 'commander';
import { publishFields, streamerFields } from './config.js';

const GCP_OPTIONS = 'Google Cloud options (gcp mode):';
const shortFlags = { localOnly: 'l', apiUrl: 'u', pollInterval: 'i', stateFile: 's', projectId: 'p', topic: 't', credentialsFile: 'c' } as const;

const description = [
  'Poll Fake Store carts, diff them with the saved state and publish cart_created / cart_modified / cart_deleted CloudEvents.',
  'Local mode (default) writes the event log under --events-dir; gcp mode (a project id is set, no --local-only) publishes to Pub/Sub, ' +
    'or to the emulator at PUBSUB_EMULATOR_HOST (host:port, environment or .env).',
  'One streamer per state folder: it holds {state folder}/.cart-streamer.lock while it runs; a second one exits 1. ' +
    'A gs://bucket/prefix state has no lock file: its commit is conditioned on the object generation, and a streamer whose commit another one beat exits 1. ' +
    'Flags win over the environment, which wins over .env, which wins over the defaults.',
  'Exit status (--once): 0 ok, 1 failed (or another streamer holds the state folder or committed first), 2 bad usage or configuration, 3 some events dead-lettered. ' +
    'Looping, the first SIGINT or SIGTERM finishes the cycle in flight, then exits with the status of the last cycle that ended ' +
    '(0 ok, 1 failed, 3 dead-lettered; 0 if none ended); a second one exits at once (130, 143). ' +
    'After --max-consecutive-failures failed cycles in a row it exits 1.',
  'With --http-port (or PORT), GET /healthz answers 200 while the last successful cycle is younger than 3 poll intervals, else 503 with the reason (JSON); ' +
    'GET /metrics serves Prometheus metrics.',
];

const replayDescription = [
  'Re-publish the dead-lettered cart events of --events-dir, per cart in version order.',
  'Only what fails again stays in the dead-letter files.',
  'Exit status: 0 all went through, 1 another replay-dlq holds --events-dir (nothing is published), ' +
    '2 bad usage or an unreadable dead-letter line (nothing is published), 3 some failed again.',
];

/** The options of `fields`, those gcp mode alone uses in a group of their own. */
function addOptions(command: Command, fields: typeof publishFields | typeof streamerFields): void {
  const { projectId, topic, credentialsFile, ...rest } = fields;
  addConfigOptions(command, rest, { short: shortFlags });
  addConfigOptions(command, { projectId, topic, credentialsFile }, { short: shortFlags, group: GCP_OPTIONS });
}

/** The cart-streamer CLI: the streamer itself, and `replay-dlq`. Each body is loaded only when it runs. */
export function createCli(): Command {
  const program = toolProgram({
    name: 'cart-streamer',
    version: packageVersion(new URL('../package.json', import.meta.url)),
    description,
    examples: [
      'cart-streamer --once --local-only --api-url http://127.0.0.1:3999   # one cycle into ./events',
      'cart-streamer -i 30                                                  # local mode, every 30 s until SIGTERM',
      'cart-streamer -i 30 --http-port 9464 --http-host 127.0.0.1           # and /healthz, /metrics on localhost:9464',
      'cart-streamer --project-id my-project --topic carts-events           # gcp mode: Pub/Sub with ordering keys',
      'PUBSUB_EMULATOR_HOST=127.0.0.1:8085 cart-streamer -p demo-project --once',
      'cart-streamer --once --reset-state                                   # start over (old state kept as .bak)',
      'cart-streamer -p my-project -s gs://my-lake/streamer/carts_state.json # state in a bucket',
      'LOG_FORMAT=pretty cart-streamer --once | tee streamer.log            # short readable lines, even piped',
      'cart-streamer replay-dlq --project-id my-project                     # re-publish dead letters',
    ],
  });
  addOptions(program, streamerFields);
  onRun(program, async (flags) => (await import('./commands/stream.js')).runStreamCommand(flags));

  const replayDlq = toolCommand({
    name: 'replay-dlq',
    description: replayDescription,
    examples: [
      'cart-streamer replay-dlq --project-id my-project --topic carts-events   # to Pub/Sub',
      'cart-streamer replay-dlq --local-only --events-dir ./events             # into the local event log',
      'PUBSUB_EMULATOR_HOST=127.0.0.1:8085 cart-streamer replay-dlq -p demo-project',
    ],
  });
  addOptions(replayDlq, publishFields);
  program.addCommand(onRun(replayDlq, async (flags) => (await import('./commands/replay-dlq.js')).runReplayDlqCommand(flags)));
  return program;
}
