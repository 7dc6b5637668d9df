import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('CLI argument parsing', () => {
  it('turns integer flags into simulator options', () => {
    const result = parseCliArgs(['--port', '0', '--carts=100', '--seed', '-7', '--verbose'], {
      port: '0',
      carts: '100',
      seed: '-7',
      verbose: true,
    });
    expect(result).toEqual({ ok: true, options: { port: 0, carts: 100, seed: -7 }, verbose: true });
  });

  it.each([
    [['--carts', '-1'], { carts: '-1' }, '--carts must not be negative, got -1'],
    [['--port', '80.5'], { port: '80.5' }, '--port must be an integer, got "80.5"'],
    [['--users'], { users: '' }, '--users needs a value'],
    [['--cart', '5'], {}, 'unknown flag --cart'],
    [['serve'], {}, 'unexpected argument "serve"'],
  ])('rejects %j with a one-line reason', (rawArgs, args, message) => {
    expect(parseCliArgs(rawArgs, args)).toEqual({ ok: false, message });
  });
});
