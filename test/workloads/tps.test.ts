import { describe, expect, it } from 'vitest';
import { OVERRIDES } from './support/documents.js';
import { create, render } from './support/render.js';

const SERVER = '/usr/local/bin/virtwork-tps-server';
const CLIENT = '/usr/local/bin/virtwork-tps-client';

describe('tps', () => {
  it('runs a server and a client VM per count, behind a Service with netperf and HTTP ports on the server role', () => {
    const workload = create('tps', { vmCount: 3 });
    expect(workload.vmCount()).toBe(6);
    expect(workload.serviceSpec()).toEqual({
      ports: [
        { name: 'netperf-control', port: 12865 },
        { name: 'netperf-data', port: 12866 },
        { name: 'http', port: 8080 },
      ],
      selectorRole: 'server',
    });
  });

  it('on fedora, serves netperf and a 10M file over HTTP, either exit restarting both', () => {
    const server = render('tps', { role: 'server' }).file(SERVER);
    expect(server.startsWith('#!/bin/bash\n')).toBe(true);
    expect(server).toContain('head -c 10M /dev/urandom >"$dir/payload.bin"');
    expect(server).toContain('netserver -D -p 12865 &');
    expect(server).toContain('python3 -m http.server 8080 --directory "$dir" &');
    expect(server.trimEnd().endsWith('wait -n')).toBe(true);
    expect(render('tps', { role: 'server' }).doc.packages).toEqual(['netperf', 'python3', 'qemu-guest-agent']);
  });

  it('on fedora, the client alternates 60 s of netperf TCP_RR on the fixed data port with 30 HTTP fetches', () => {
    const client = render('tps', { role: 'client', index: 2, namespace: 'perf' }).file(CLIENT);
    expect(client).toContain('host=virtwork-tps-2-server\n');
    expect(client).toContain('netperf -H "$host" -p 12865 -t TCP_RR -l 60 -- -P ,12866');
    expect(client).toContain('while [ "$i" -lt 30 ]; do\n    curl -fsS -o /dev/null "http://$host:8080/payload.bin"');
  });

  it('takes file size, fetch count and netperf duration from params', () => {
    expect(render('tps', { role: 'server', params: OVERRIDES.tps }).file(SERVER)).toContain('head -c 1M /dev/urandom');
    const client = render('tps', { role: 'client', params: OVERRIDES.tps }).file(CLIENT);
    expect(client).toContain('-t TCP_RR -l 20 --');
    expect(client).toContain('[ "$i" -lt 5 ]');
  });

  it('on debian, which has no netperf, runs only the HTTP loop and says why in the scripts', () => {
    const server = render('tps', { role: 'server', guestOs: 'debian' });
    const client = render('tps', { role: 'client', guestOs: 'debian' });
    for (const rendered of [server, client]) {
      expect(rendered.text).not.toMatch(/netperf -H|netserver -D/);
      expect(rendered.doc.packages).not.toContain('netperf');
    }
    expect(server.file(SERVER)).toContain('# tps server: an HTTP server for the clients\' file fetches (no netperf on debian: Debian ships netperf in non-free');
    expect(server.file(SERVER)).toContain('exec python3 -m http.server 8080');
    expect(client.file(CLIENT)).toMatch(/^#!\/bin\/sh\n# tps client: HTTP fetches .*\(no netperf on debian: .*non-free/);
    expect(client.file(CLIENT)).toContain('curl -fsS -o /dev/null "http://$host:8080/payload.bin"');
  });

  it('rejects a file size head -c would not read', () => {
    expect(() => create('tps', { params: { 'file-size': '1g' } })).toThrow('--params tps.file-size=1g: must be a size such as 512K, 10M or 1G');
  });
});
