import { expect, test } from 'vitest';
import { defaultAuditDbPath } from '../../src/config/default-audit-path.js';
import { loadSqlite } from '../../src/audit/load-sqlite.js';

test('the default database lives under $XDG_STATE_HOME when it is an absolute path', () => {
  expect(defaultAuditDbPath({ XDG_STATE_HOME: '/var/state' }, '/home/u')).toBe('/var/state/virtwork/virtwork.db');
});

test('without XDG_STATE_HOME, or with a relative one, it lives under ~/.local/state, never the cwd', () => {
  expect(defaultAuditDbPath({}, '/home/u')).toBe('/home/u/.local/state/virtwork/virtwork.db');
  expect(defaultAuditDbPath({ XDG_STATE_HOME: 'state' }, '/home/u')).toBe('/home/u/.local/state/virtwork/virtwork.db');
});

test('loading SQLite leaves process.emitWarning as it found it', async () => {
  const before = Object.getOwnPropertyDescriptor(process, 'emitWarning');
  const sqlite = await loadSqlite();
  expect(typeof sqlite.DatabaseSync).toBe('function');
  expect(Object.getOwnPropertyDescriptor(process, 'emitWarning')).toEqual(before);
});
