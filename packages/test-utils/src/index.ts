export { startProcess } from './process.js';
export type { RunningProcess, StartProcessOptions } from './process.js';
export { runCli, cliEntry } from './cli.js';
export type { CliResult, RunCliOptions } from './cli.js';
export { makeTempDir } from './temp-dir.js';
export type { TempDir } from './temp-dir.js';
export { repoRoot } from './paths.js';
export { emulatorBinary, freePort, hasEmulator, startEmulator } from './emulators.js';
export type { EmulatorKind, EmulatorOptions, RunningEmulator } from './emulators.js';
