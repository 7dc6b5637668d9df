import { runCli } from '@fakestore/shared-core/cli';
import { createCli } from './cli-definition.js';

process.exit(await runCli(createCli()));
