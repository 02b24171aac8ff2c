import { describe, expect, it } from 'vitest';
import { createLogger, type LoggerOptions } from '../../src/logging/logger.js';
import { createScrubber } from '../../src/logging/redact.js';

/** A logger writing into an array of parsed JSON lines. */
const capture = (verbose: boolean, secrets: string[] = [], options: Partial<LoggerOptions> = {}) => {
  const lines: string[] = [];
  const scrubber = createScrubber();
  for (const secret of secrets) scrubber.add(secret);
  const logger = createLogger({ level: verbose ? 'debug' : 'info', scrubber, sink: { write: (line) => lines.push(line) }, ...options });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
};

describe('createLogger', () => {
  it('writes one JSON object per line with a level name, an ISO time and the message', () => {
    const { logger, lines, records } = capture(false);
    logger.info({ runId: 'r1' }, 'planned');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    const [record] = records();
    expect(record).toMatchObject({ level: 'info', msg: 'planned', runId: 'r1' });
    expect(new Date(String(record?.time)).toISOString()).toBe(record?.time);
    expect(record).not.toHaveProperty('pid');
  });

  it('drops debug lines by default and keeps them with verbose', () => {
    const quiet = capture(false);
    quiet.logger.debug('detail');
    expect(quiet.lines).toEqual([]);
    const verbose = capture(true);
    verbose.logger.debug('detail');
    expect(verbose.records()).toMatchObject([{ level: 'debug', msg: 'detail' }]);
  });

  it('redacts credential fields and scrubs registered secrets from messages', () => {
    const { logger, lines } = capture(true, ['correct horse battery']);
    logger.debug({ config: { ssh: { password: 'correct horse battery', user: 'ops' } } }, 'resolved');
    logger.warn('the password correct horse battery was rejected');
    const text = lines.join('');
    expect(text).not.toContain('correct horse');
    expect(text).toContain('"user":"ops"');
    expect(text).toContain('the password [redacted] was rejected');
  });

  it('keeps an error serialized with its message and stack', () => {
    const { logger, records } = capture(false);
    logger.error({ err: new Error('boom') }, 'failed');
    expect(records()[0]).toMatchObject({ msg: 'failed', err: { type: 'Error', message: 'boom' } });
  });
});

describe('createLogger with text lines', () => {
  it('writes time, level, message and the fields as key=value, one short line each', () => {
    const { logger, lines } = capture(false, [], { format: 'text' });
    logger.info({ runId: 'r1', vms: 3, workloads: ['cpu', 'disk'], node: null }, 'planned the run');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}planned the run runId=r1 vms=3 workloads=\["cpu","disk"\]\n$/);
  });

  it('keeps credentials out of text lines as out of JSON ones', () => {
    const { logger, lines } = capture(true, ['correct "horse" battery'], { format: 'text' });
    logger.debug({ config: { ssh: { password: 'hunter22', user: 'ops' } } }, 'resolved');
    logger.warn({ err: 'the password correct "horse" battery was rejected' }, 'login failed');
    const text = lines.join('');
    expect(text).not.toContain('hunter22');
    expect(text).not.toContain('horse');
    expect(text).toContain('[redacted]');
  });

  it('colours the level only when asked, and logs only errors at level error', () => {
    const plain = capture(false, [], { format: 'text', level: 'error' });
    plain.logger.info('skipped');
    plain.logger.error('went wrong');
    expect(plain.lines).toHaveLength(1);
    expect(plain.lines[0]).not.toContain('\u001b[');
    expect(plain.lines[0]).toMatch(/ ERROR went wrong\n$/);
    const coloured = capture(false, [], { format: 'text', colour: true });
    coloured.logger.warn('careful');
    expect(coloured.lines[0]).toContain('\u001b[33mWARN \u001b[39m');
  });
});
