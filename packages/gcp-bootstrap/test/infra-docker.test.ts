import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from './support/hcl.js';

const dockerfile = readFileSync(join(REPO_DIR, 'docker/Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(REPO_DIR, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
const instructions = dockerfile.split('\n').filter((line) => /^[A-Z]+\s/.test(line));

/** No Docker engine here: the image is checked statically (checkov does the rest). */
describe('docker/Dockerfile', () => {
  it('pins every base image by tag and digest, on Node 24', () => {
    const froms = instructions.filter((line) => line.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:24\.\d+\.\d+-[a-z]+-slim@sha256:[0-9a-f]{64} AS [a-z]+$/);
    const makefile = readFileSync(join(REPO_DIR, 'Makefile'), 'utf8');
    const nodeVersion = /^NODE_VERSION := (\S+)$/m.exec(makefile)?.[1];
    expect(froms[0]).toContain(`node:${nodeVersion}-`);
  });

  it('verifies the OpenTofu archive against a pinned sha256', () => {
    expect(dockerfile).toMatch(/ARG TOFU_SHA256=[0-9a-f]{64}\n/);
    expect(dockerfile).toMatch(/sha256sum --check --strict/);
    expect(dockerfile).toMatch(/ARG TOFU_VERSION=\d+\.\d+\.\d+\n/);
    // Same OpenTofu as the one scripts/build-tofu.sh builds for the checks, when that script is there.
    const buildTofu = join(REPO_DIR, 'scripts/build-tofu.sh');
    if (existsSync(buildTofu)) {
      const pinned = /TOFU_VERSION:-v([\d.]+)/.exec(readFileSync(buildTofu, 'utf8'))?.[1];
      expect(dockerfile).toContain(`ARG TOFU_VERSION=${pinned}`);
    }
  });

  it('installs the pinned dbt, puts the CLIs on PATH and gives bin/ launchers their node', () => {
    expect(dockerfile).toContain('pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt');
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile/);
    expect(dockerfile).toContain('ln -s /usr/local/bin/node /opt/fakestore/.tools/bin/node');
    expect(dockerfile).toMatch(/ENV PATH=\/opt\/fakestore\/bin:\/opt\/venv\/bin:\$PATH/);
  });

  it('runs as a non-root user, has a HEALTHCHECK and bakes in no credentials', () => {
    const users = instructions.filter((line) => line.startsWith('USER '));
    expect(users.at(-1)).toBe('USER node');
    expect(instructions.some((line) => line.startsWith('HEALTHCHECK '))).toBe(true);
    const code = dockerfile.split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    expect(code).not.toMatch(/credentials|GOOGLE_APPLICATION_CREDENTIALS|\.env\b|\.pem\b/i);
    for (const excluded of ['credentials/', '.env', 'node_modules/', '.tools/', '.venv*/', 'data/', 'events/', 'state/', '.git/']) {
      expect(dockerignore, excluded).toContain(excluded);
    }
  });
});

describe('make run (docker/run.sh)', () => {
  const run = (path: string) =>
    spawnSync('bash', [join(REPO_DIR, 'docker/run.sh')], { env: { PATH: path, HOME: tmpdir() }, encoding: 'utf8', timeout: 20_000 });

  it('fails with a clear message when docker is not installed', () => {
    // A PATH with only what run.sh needs before it looks for docker, so the check runs even where docker sits in /usr/bin.
    const bare = mkdtempSync(join(tmpdir(), 'no-docker-'));
    try {
      for (const tool of ['bash', 'dirname']) {
        symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bare, tool));
      }
      const result = run(bare);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('run: docker is not installed');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('fails with a clear message when no Docker engine is reachable', () => {
    const stub = mkdtempSync(join(tmpdir(), 'stub-docker-'));
    try {
      writeFileSync(join(stub, 'docker'), '#!/bin/sh\n[ "$1" = info ] && { echo "Cannot connect to the Docker daemon" >&2; exit 1; }\necho "unexpected: docker $*" >&2; exit 99\n');
      chmodSync(join(stub, 'docker'), 0o755);
      const result = run(`${stub}:/usr/bin:/bin`);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('run: no Docker engine is reachable');
      expect(result.stderr).not.toContain('unexpected');
    } finally {
      rmSync(stub, { recursive: true, force: true });
    }
  });
});
