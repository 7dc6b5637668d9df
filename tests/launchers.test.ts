import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, repoRoot, type TempDir } from '@fakestore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOOLS = ['batch-ingest', 'cart-streamer', 'fakestore-sim', 'gcp-bootstrap'];
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd, encoding: 'utf8' });
const bin = readdirSync(join(repoRoot, 'bin')).sort();
/** The files a shell, make or docker runs: a CR anywhere in them breaks a shebang or a recipe. */
const LF_FILES = [...bin.map((name) => `bin/${name}`), 'docker/run.sh', 'docker/smoke-test.sh', 'docker/build-ca.sh',
  'scripts/check-image.sh', 'scripts/image-base.sh', 'scripts/toolchain.sh', '.ci/run', 'Makefile', 'docker/Dockerfile'];

/** Runs a launcher with bash (as a Windows checkout needs: no exec bit there) from another folder. */
const launch = (launcher: string, args: string[], cwd: string) =>
  spawnSync('bash', [launcher, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });

describe('bin/ launchers', () => {
  let scratch: TempDir;
  beforeAll(async () => { scratch = await makeTempDir('launchers-'); });
  afterAll(async () => { await scratch.remove(); });

  it('are regular executable files with LF endings, one per tool plus the shared _launch, and none is a git symlink', () => {
    expect(bin).toEqual(['_launch', ...TOOLS]);
    for (const name of bin) {
      const path = join(repoRoot, 'bin', name);
      const stat = lstatSync(path);
      expect(stat.isFile(), `${name} is a regular file`).toBe(true);
      expect(stat.mode & 0o111, `${name} is executable`).not.toBe(0);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith('#!/usr/bin/env bash\n'), name).toBe(true);
      expect(text, name).not.toContain('\r');
    }
    // Mode 120000 is a symlink, which a checkout with core.symlinks=false turns into a text file.
    const modes = git(repoRoot, 'ls-files', '-s', 'bin').trim().split('\n').map((line) => line.split(/\s+/)[0]);
    expect(modes).toEqual(bin.map(() => '100755'));
  });

  it.each(TOOLS)('bin/%s runs its CLI from any directory, by path and through a symlink to it', (tool) => {
    const direct = launch(join(repoRoot, 'bin', tool), ['--help'], scratch.path);
    expect(direct.status, direct.stderr).toBe(0);
    expect(direct.stdout + direct.stderr).toContain(tool);
    const link = join(scratch.path, `linked-${tool}`);
    symlinkSync(join(repoRoot, 'bin', tool), link);
    const linked = spawnSync(link, ['--help'], { cwd: '/', encoding: 'utf8', timeout: 60_000 });
    expect(linked.status, linked.stderr).toBe(0);
    expect(linked.stdout + linked.stderr).toContain(tool);
  });

  it('_launch refuses an unknown tool with exit 2 and the list of tools', () => {
    const result = launch(join(repoRoot, 'bin/_launch'), ['no-such-tool'], scratch.path);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("bin/_launch: unknown tool 'no-such-tool' (one of: batch-ingest, cart-streamer, fakestore-sim, gcp-bootstrap)");
  });
});

describe('.gitattributes', () => {
  const attr = (attribute: string, files: string[]) =>
    git(repoRoot, 'check-attr', attribute, '--', ...files).trim().split('\n').map((line) => line.split(': ').at(-1));

  it('checks out launchers, scripts, the Makefile and the Dockerfile with LF, and .bat files with CRLF', () => {
    expect(attr('eol', LF_FILES)).toEqual(LF_FILES.map(() => 'lf'));
    expect(attr('eol', ['Start-project.bat', 'any/other.cmd'])).toEqual(['crlf', 'crlf']);
    expect(attr('eol', ['packages/x/src/index.ts', 'dbt/models/x.sql', 'README.md'])).toEqual(['lf', 'lf', 'lf']);
  });
});

/**
 * A checkout as Git for Windows makes it by default (core.symlinks=false, core.autocrlf=true), of a
 * repository holding this working tree's launchers and scripts, so it tests uncommitted changes too.
 * The same clone without .gitattributes is the control: it must show the breakage the attributes prevent.
 */
describe('a Windows-style checkout (core.symlinks=false, core.autocrlf=true)', () => {
  let scratch: TempDir;
  const files = [...LF_FILES, 'Start-project.bat', '.gitattributes'];

  const windowsClone = (name: string, withAttributes: boolean) => {
    const source = join(scratch.path, `${name}-source`);
    mkdirSync(source);
    git(source, 'init', '-q', '-b', 'main');
    for (const file of files.filter((f) => withAttributes || f !== '.gitattributes')) {
      mkdirSync(join(source, file, '..'), { recursive: true });
      // Symlinks stay symlinks (verbatim), so a launcher turned back into a link shows up as one.
      cpSync(join(repoRoot, file), join(source, file), { verbatimSymlinks: true });
    }
    git(source, 'add', '-A');
    git(source, 'commit', '-q', '-m', 'checkout test');
    const clone = join(scratch.path, name);
    git(scratch.path, 'clone', '-q', '-c', 'core.symlinks=false', '-c', 'core.autocrlf=true', source, clone);
    return clone;
  };

  beforeAll(async () => { scratch = await makeTempDir('windows-checkout-'); });
  afterAll(async () => { await scratch.remove(); });

  it('keeps every launcher and script LF-only (no CR in a shebang), and the .bat files CRLF', () => {
    const clone = windowsClone('with-attributes', true);
    for (const file of LF_FILES) {
      expect(lstatSync(join(clone, file)).isFile(), `${file} is a regular file`).toBe(true);
      expect(readFileSync(join(clone, file), 'utf8'), file).not.toContain('\r');
    }
    const bat = readFileSync(join(clone, 'Start-project.bat'), 'utf8');
    expect(bat.split('\n').length).toBeGreaterThan(10);
    expect(bat.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('has launchers that bash runs: each tool starts from another folder', () => {
    const clone = windowsClone('runnable', true);
    // What `make setup` would add to the clone: the toolchain and the built packages.
    symlinkSync(join(repoRoot, '.tools'), join(clone, '.tools'));
    for (const tool of TOOLS) {
      mkdirSync(join(clone, 'packages', tool), { recursive: true });
      cpSync(join(repoRoot, 'packages', tool, 'package.json'), join(clone, 'packages', tool, 'package.json'));
      symlinkSync(join(repoRoot, 'packages', tool, 'dist'), join(clone, 'packages', tool, 'dist'));
    }
    for (const tool of TOOLS) {
      const result = launch(join(clone, 'bin', tool), ['--help'], scratch.path);
      expect(result.status, `${tool}: ${result.stderr}`).toBe(0);
      expect(result.stdout + result.stderr).toContain(tool);
    }
  });

  it('(control) without .gitattributes the same clone puts CRs in the launchers', () => {
    const clone = windowsClone('control', false);
    expect(readFileSync(join(clone, 'bin/_launch'), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env bash\r');
    writeFileSync(join(clone, 'probe.sh'), readFileSync(join(clone, 'bin/_launch')));
    chmodSync(join(clone, 'probe.sh'), 0o755);
    expect(spawnSync(join(clone, 'probe.sh'), ['batch-ingest'], { encoding: 'utf8' }).status).not.toBe(0);
  });
});
