import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktn/hcl2json';

/** HCL parsed to JSON (hcl2json: blocks are arrays, expressions are `${...}` strings). */
export type Hcl = Record<string, unknown>;
type Blocks = Record<string, Record<string, unknown>[]>;

export const INFRA_DIR = fileURLToPath(new URL('../../../../infra/', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../../../', import.meta.url));

export interface TfModule {
  dir: string;
  /** Each .tf file of the directory, parsed on its own (errors name the file). */
  files: Record<string, Hcl>;
  resources: Record<string, Blocks>;
  variables: Blocks;
  outputs: Blocks;
  modules: Blocks;
  locals: Record<string, unknown>;
  data: Record<string, Blocks>;
  terraform: Record<string, unknown>[];
}

const cache = new Map<string, Promise<TfModule>>();

/** Parses every .tf file of a module directory with a real HCL2 parser (HashiCorp's, compiled to wasm). */
export function loadModule(dir: string): Promise<TfModule> {
  let loaded = cache.get(dir);
  if (!loaded) {
    loaded = load(dir);
    cache.set(dir, loaded);
  }
  return loaded;
}

async function load(dir: string): Promise<TfModule> {
  const files: Record<string, Hcl> = {};
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.tf')).sort()) {
    files[name] = await parse(name, readFileSync(join(dir, name), 'utf8'));
  }
  const module: TfModule = { dir, files, resources: {}, variables: {}, outputs: {}, modules: {}, locals: {}, data: {}, terraform: [] };
  for (const hcl of Object.values(files)) {
    mergeTyped(module.resources, hcl.resource);
    mergeTyped(module.data, hcl.data);
    mergeNamed(module.variables, hcl.variable);
    mergeNamed(module.outputs, hcl.output);
    mergeNamed(module.modules, hcl.module);
    for (const locals of (hcl.locals ?? []) as Record<string, unknown>[]) Object.assign(module.locals, locals);
    module.terraform.push(...((hcl.terraform ?? []) as Record<string, unknown>[]));
  }
  return module;
}

function mergeNamed(into: Blocks, from: unknown): void {
  for (const [name, blocks] of Object.entries((from ?? {}) as Blocks)) into[name] = [...(into[name] ?? []), ...blocks];
}

function mergeTyped(into: Record<string, Blocks>, from: unknown): void {
  for (const [type, named] of Object.entries((from ?? {}) as Record<string, Blocks>)) mergeNamed((into[type] ??= {}), named);
}

/** The module directories under infra/modules. */
export function moduleDirs(): string[] {
  const root = join(INFRA_DIR, 'modules');
  return readdirSync(root)
    .map((name) => join(root, name))
    .filter((path) => statSync(path).isDirectory())
    .sort();
}

/** The one block of a resource, which must exist. */
export function resource(module: TfModule, type: string, name: string): Record<string, unknown> {
  const block = module.resources[type]?.[name]?.[0];
  if (!block) throw new Error(`${module.dir}: no resource ${type}.${name}`);
  return block;
}

/** A nested block (hcl2json keeps blocks as arrays): `block(bucket, 'versioning')`. */
export function block(parent: Record<string, unknown>, name: string): Record<string, unknown>[] {
  const value = parent[name];
  if (!Array.isArray(value)) throw new Error(`no ${name} block`);
  return value as Record<string, unknown>[];
}

/** Every string anywhere in a parsed value (expressions included). */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return [...Object.keys(value), ...(Object.values(value) as unknown[])].flatMap(strings);
  return [];
}

/** OpenTofu of the checks (`make tofu` builds .tools/bin/tofu), else one on PATH, else undefined. */
export function tofuBinary(): string | undefined {
  const built = join(REPO_DIR, '.tools', 'bin', 'tofu');
  if (existsSync(built)) return built;
  const found = spawnSync('sh', ['-c', 'command -v tofu'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** The text of one top-level block, e.g. `variable "deployment"`, as written in a .tf file. */
export function blockText(file: string, header: string): string {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`${header} {\n`);
  const end = text.indexOf('\n}\n', start);
  if (start < 0 || end < 0) throw new Error(`${file}: no block ${header}`);
  return text.slice(start, end + 3);
}

/**
 * Evaluates expressions with OpenTofu itself, offline: a scratch configuration of the given
 * files (variable blocks, locals, outputs; no provider, no resource) applied to local state
 * with `values` as its variables. Returns the outputs, or the error when planning fails
 * (a variable's validation, an expression that does not evaluate).
 */
export function tofuOutputs(tofu: string, files: Record<string, string>, values: Record<string, unknown>): { outputs?: Record<string, unknown>; error?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'infra-eval-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'terraform.tfvars.json'), JSON.stringify(values));
    const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: '/dev/null' };
    const run = (...args: string[]) => spawnSync(tofu, args, { cwd: dir, env, encoding: 'utf8' });
    for (const args of [['init', '-input=false', '-no-color'], ['apply', '-auto-approve', '-input=false', '-no-color']]) {
      const step = run(...args);
      if (step.status !== 0) return { error: `${step.stdout}\n${step.stderr}` };
    }
    const output = run('output', '-json', '-no-color');
    const parsed = JSON.parse(output.stdout) as Record<string, { value: unknown }>;
    return { outputs: Object.fromEntries(Object.entries(parsed).map(([name, o]) => [name, o.value])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
