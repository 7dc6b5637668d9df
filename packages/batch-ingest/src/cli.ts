import { runCli } from '@fakestore/shared-core';
import { createCli } from './cli-definition.js';

process.exit(await runCli(createCli()));
