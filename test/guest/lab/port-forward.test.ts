import { expect, it } from 'vitest';
import { forwardNicArgs } from './port-forward.js';

it('forwards each host port on 127.0.0.1 to its guest port, on a user-networking NIC that reaches nothing else', () => {
  expect(
    forwardNicArgs([
      { hostPort: 35001, guestPort: 8099 },
      { hostPort: 35002, guestPort: 5432 },
    ]),
  ).toEqual([
    '-netdev',
    'user,id=fwd0,net=10.0.3.0/24,host=10.0.3.2,ipv6=off,restrict=on,' +
      'hostfwd=tcp:127.0.0.1:35001-10.0.3.15:8099,hostfwd=tcp:127.0.0.1:35002-10.0.3.15:5432',
    '-device',
    'virtio-net-pci,netdev=fwd0,mac=52:54:00:4c:ff:00',
  ]);
});

it('refuses a forwarding NIC without forwards', () => {
  expect(() => forwardNicArgs([])).toThrow(/at least one port forward/);
});
