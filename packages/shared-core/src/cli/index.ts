/**
 * `@fakestore/shared-core/cli`: what a CLI definition needs, without the HTTP client, the logger and
 * the cloud adapters the main entry also loads, for a tool that must start fast (fakestore-sim).
 */
export { useColor } from './color.js';
export { addConfigOptions, configOption, givenFlags } from './config-options.js';
export { packageVersion } from './package-version.js';
export { onRun, toolCommand, toolProgram } from './program.js';
export { runCli } from './run-cli.js';
export { defineConfigFields, loadConfig, resolveConfig } from '../config.js';
export { booleanSetting, configFields, intSetting } from '../config-fields.js';
export { ExitCode, UsageError } from '../errors.js';
export type { CommandRun, ToolCommandSpec, ToolProgramSpec } from './program.js';
export type { ConfigOptionsSettings, ShortFlags } from './config-options.js';
export type { RunCliOptions } from './run-cli.js';
