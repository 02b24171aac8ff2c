import { expect, test } from 'vitest';
import { readGuestSetup } from '../../src/cloudinit/read-units.js';

const userData = `#cloud-config
users:
  - default
  - name: ops
write_files:
  - path: /usr/local/bin/helper
    content: |
      #!/bin/sh
      ExecStart=not-a-unit
  - path: /etc/systemd/system/virtwork-disk.service
    content: |
      [Unit]
      Description=virtwork-disk: fio
      [Service]
      ExecStartPre=/bin/true
      ExecStart=fio --name=a \\
        --rw=randrw
      ExecStart=/bin/echo second
`;

test('units are the .service files under /etc/systemd/system, with Description and every ExecStart, continuations joined', () => {
  expect(readGuestSetup(userData)).toEqual({
    units: [{ name: 'virtwork-disk.service', description: 'virtwork-disk: fio', execStart: ['fio --name=a    --rw=randrw', '/bin/echo second'] }],
    user: 'ops',
  });
});

test('user data that is not a cloud-config document, or not YAML, has no units and no user', () => {
  expect(readGuestSetup('#!/bin/sh\necho hi\n')).toEqual({ units: [], user: null });
  expect(readGuestSetup('#cloud-config\nwrite_files: [unclosed\n')).toEqual({ units: [], user: null });
});
