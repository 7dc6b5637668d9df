import { spawn, type ChildProcess } from 'node:child_process';

export interface StartProcessOptions {
  command: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The process is ready once a stdout or stderr line matches. */
  ready: RegExp;
  timeoutMs?: number;
}

export interface RunningProcess {
  child: ChildProcess;
  /** The match of the readiness line (capture groups hold e.g. the port). */
  ready: RegExpMatchArray;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code (or the signal name). */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  exited: Promise<number | string>;
}

/** Starts a long-running process and waits for its readiness line. */
export function startProcess(options: StartProcessOptions): Promise<RunningProcess> {
  const { command, args = [], env = process.env, cwd, ready, timeoutMs = 30_000 } = options;
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} was not ready within ${timeoutMs} ms (waiting for ${String(ready)}).\nstdout:\n${out}\nstderr:\n${err}`));
    }, timeoutMs);
    const check = () => {
      const match = out.match(ready) ?? err.match(ready);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        child,
        ready: match,
        stdout: () => out,
        stderr: () => err,
        exited,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); check(); });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); check(); });
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before it was ready.\nstdout:\n${out}\nstderr:\n${err}`));
    });
  });
}
