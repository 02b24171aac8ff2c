import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from '../../src/cloudinit/to-yaml.js';
import { skipReason } from '../support/schemas-dir.js';

/** Multi-line text that a literal block holds as is. */
const BLOCK_TEXTS = [
  '#!/bin/sh\necho "a: b" # not a comment\n',
  'tab\there\ntrailing blanks  \n',
  '\nstarts with an empty line\n',
  'inner\n\n\nempty lines\n',
  '---\n...\n- not a list\nkey: not a map\n',
  'first\n    indented later\n\tand a tab\n',
  'é 中文 😀\n',
];

/** Multi-line text a clipped literal block would change or cannot hold: these stay quoted. */
const QUOTED_TEXTS = [
  'no newline\nat the end',
  'two newlines at the end\n\n',
  ' indented first line\n',
  '\n  indented after an empty line\n',
  'a line of blanks\n  \nbetween\n',
  'crlf\r\n',
  'nel\u0085x\n',
  'ls\u2028x\n',
  'bom\ufeffx\n',
  'lone\ud800surrogate\n',
  'bell\u0007\n',
];

const readBack = (text: string) => ({
  v11: parse(text, { version: '1.1' }) as unknown,
  v12: parse(text, { version: '1.2' }) as unknown,
});

describe('toYaml multi-line strings', () => {
  it('writes a script as a literal block, line for line, under a key, in a list and in a list of maps', () => {
    expect(toYaml({ content: '#!/bin/sh\necho "a: b"\n\nexit 0\n' })).toBe('content: |\n  #!/bin/sh\n  echo "a: b"\n\n  exit 0\n');
    expect(toYaml({ runcmd: ['a\nb\n'] })).toBe('runcmd:\n  - |\n    a\n    b\n');
    expect(toYaml({ write_files: [{ path: '/x', content: 'a\nb\n' }] })).toBe(
      'write_files:\n  - path: /x\n    content: |\n      a\n      b\n',
    );
  });

  it.each(BLOCK_TEXTS.map((s) => [JSON.stringify(s), s]))('reads %s back from its literal block', (_, text) => {
    const object = { content: text, list: [text], nested: [[text]] };
    const printed = toYaml(object);
    expect(printed).toContain('content: |\n');
    const back = readBack(printed);
    expect(back.v11).toEqual(object);
    expect(back.v12).toEqual(object);
  });

  it.each(QUOTED_TEXTS.map((s) => [JSON.stringify(s), s]))('keeps %s quoted, and reads it back', (_, text) => {
    const object = { content: text, list: [text] };
    const printed = toYaml(object);
    expect(printed).toMatch(/^content: "/);
    expect(printed).not.toContain('|');
    const back = readBack(printed);
    expect(back.v11).toEqual(object);
    expect(back.v12).toEqual(object);
  });

  it('never writes a key as a block', () => {
    const printed = toYaml({ 'two\nlines\n': 'x' });
    expect(printed).toBe('"two\\nlines\\n": x\n');
    expect(parse(printed)).toEqual({ 'two\nlines\n': 'x' });
  });

  it('prints a SHA-512 crypt hash plain, as cloud-init users write it', () => {
    const hash = '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1';
    expect(toYaml({ passwd: hash })).toBe(`passwd: ${hash}\n`);
    expect(readBack(toYaml({ passwd: hash, [hash]: hash })).v11).toEqual({ passwd: hash, [hash]: hash });
  });
});

const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;
const pyYamlSkipReason = skipReason(hasPyYaml, 'python3 with PyYAML is not installed (apt-get install python3-yaml)');

describe.skipIf(pyYamlSkipReason !== undefined)(`PyYAML, the reader cloud-init uses ${pyYamlSkipReason ?? ''}`, () => {
  it('reads every block and every quoted multi-line string back as written', () => {
    const texts = [...BLOCK_TEXTS, ...QUOTED_TEXTS.filter((text) => !text.includes('\ud800'))];
    const object = { content: texts, files: texts.map((content) => ({ path: '/x', content })) };
    const read = spawnSync('python3', ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], {
      input: toYaml(object),
      encoding: 'utf8',
    });
    expect(read.stderr).toBe('');
    expect(JSON.parse(read.stdout)).toEqual(object);
  });
});
