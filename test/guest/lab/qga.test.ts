/** Protocol details of the guest-agent client, against a scripted agent on a unix socket. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { GuestAgent } from './qga.js';

let dir: string;
let server: Server;
let agent: GuestAgent | undefined;

type Handler = (request: { execute: string; arguments?: Record<string, unknown> }, socket: Socket) => void;

/** A fake agent: answers each JSON line with `handler`. */
const listen = (handler: Handler): Promise<string> => {
  const path = join(dir, 'qga.sock');
  server = createServer((socket) => {
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        handler(JSON.parse(line) as Parameters<Handler>[0], socket);
      }
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(path)));
};

const reply = (socket: Socket, value: unknown): void => {
  socket.write(`${JSON.stringify({ return: value })}\n`);
};

/** What guest-sync-delimited answers: 0xFF, then the id. */
const syncReply = (socket: Socket, id: unknown): void => {
  socket.write(Buffer.concat([Buffer.from([0xff]), Buffer.from(`${JSON.stringify({ return: id })}\n`)]));
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtwork-qga-test-'));
});

afterEach(async () => {
  agent?.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

it('drops replies left in the channel before the sync reply, and then reads the right one', async () => {
  const path = await listen((request, socket) => {
    if (request.execute === 'guest-sync-delimited') {
      // A late reply of an abandoned request arrives first.
      reply(socket, { stale: true });
      syncReply(socket, request.arguments?.id);
    } else if (request.execute === 'guest-info') {
      reply(socket, { version: '7.2.0' });
    }
  });
  agent = await GuestAgent.connect(path);
  await expect(agent.execute('guest-info')).resolves.toEqual({ version: '7.2.0' });
});

it('runs a command with guest-exec, polls guest-exec-status until exit, and decodes its output', async () => {
  let polls = 0;
  const path = await listen((request, socket) => {
    if (request.execute === 'guest-sync-delimited') syncReply(socket, request.arguments?.id);
    if (request.execute === 'guest-exec') {
      expect(request.arguments).toEqual({ path: '/bin/sh', arg: ['-c', 'true'], 'capture-output': true });
      reply(socket, { pid: 42 });
    }
    if (request.execute === 'guest-exec-status') {
      polls += 1;
      reply(
        socket,
        polls < 3
          ? { exited: false }
          : {
              exited: true,
              exitcode: 1,
              'out-data': Buffer.from('héllo\n').toString('base64'),
              'err-data': Buffer.from('oops\n').toString('base64'),
            },
      );
    }
  });
  agent = await GuestAgent.connect(path);
  await expect(agent.sh('true')).resolves.toEqual({ exitCode: 1, signal: undefined, stdout: 'héllo\n', stderr: 'oops\n' });
  expect(polls).toBe(3);
});

it('turns an agent error reply into an exception naming the command', async () => {
  const path = await listen((request, socket) => {
    if (request.execute === 'guest-sync-delimited') syncReply(socket, request.arguments?.id);
    else socket.write(`${JSON.stringify({ error: { class: 'GenericError', desc: 'command disabled' } })}\n`);
  });
  agent = await GuestAgent.connect(path);
  await expect(agent.execute('guest-exec', { path: '/bin/true' })).rejects.toThrow(
    'guest agent guest-exec failed: GenericError: command disabled',
  );
});

it('resyncs after a request timed out, so its late reply is not taken for the next one', async () => {
  let infoCalls = 0;
  const path = await listen((request, socket) => {
    if (request.execute === 'guest-sync-delimited') syncReply(socket, request.arguments?.id);
    if (request.execute === 'guest-info') {
      infoCalls += 1;
      // The first answer comes too late for its request.
      if (infoCalls === 1) setTimeout(() => reply(socket, { call: 1 }), 300);
      else reply(socket, { call: infoCalls });
    }
  });
  agent = await GuestAgent.connect(path);
  await expect(agent.execute('guest-info', undefined, 100)).rejects.toThrow(/did not reply/);
  await new Promise((resolve) => setTimeout(resolve, 400));
  await expect(agent.execute('guest-info')).resolves.toEqual({ call: 2 });
});
