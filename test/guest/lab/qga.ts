/**
 * A client for the QEMU guest agent on its virtio-serial chardev socket: the channel KubeVirt uses for
 * exec readiness probes. One request at a time (the protocol has no request ids); `guest-sync-delimited`
 * discards whatever an earlier, abandoned request left in the pipe.
 */
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ExecResult {
  /** Exit code; undefined when the process was killed by a signal. */
  readonly exitCode: number | undefined;
  readonly signal: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  /** @default 120_000: an emulated guest under load can take a minute to start Python. */
  readonly timeoutMs?: number;
}

interface AgentReply {
  readonly return?: unknown;
  readonly error?: { readonly class: string; readonly desc: string };
}

interface ExecStatus {
  readonly exited: boolean;
  readonly exitcode?: number;
  readonly signal?: number;
  readonly 'out-data'?: string;
  readonly 'err-data'?: string;
}

/** The agent sends 0xFF before a guest-sync-delimited reply so a client can find a message boundary. */
const SYNC_DELIMITER = 0xff;
const EXEC_POLL_MS = 100;

const decodeBase64 = (data: string | undefined): string => Buffer.from(data ?? '', 'base64').toString('utf8');

export class GuestAgent {
  private buffered = Buffer.alloc(0);
  private readonly replies: AgentReply[] = [];
  private waiter: (() => void) | undefined;
  private closedError: Error | undefined;
  /** Set when a request timed out: its late reply may still arrive, so resync before the next one. */
  private inSync = false;
  private queue: Promise<unknown> = Promise.resolve();
  private nextSyncId = Math.floor(Math.random() * 1_000_000);

  private constructor(
    private readonly socket: Socket,
    readonly socketPath: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.fail(new Error(`guest agent socket ${socketPath} closed`)));
    socket.on('error', (error) => this.fail(error));
  }

  /** Connects to QEMU's end of the agent channel; the agent in the guest may not be listening yet. */
  static connect(socketPath: string): Promise<GuestAgent> {
    return new Promise((resolve, reject) => {
      const socket = createConnection(socketPath);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new GuestAgent(socket, socketPath));
      });
    });
  }

  /**
   * Connects and syncs until the agent in the guest answers, or throws when `timeoutMs` passes.
   * `isAlive` lets the caller stop early (QEMU exited, boot failure seen on the serial console).
   */
  static async waitFor(
    socketPath: string,
    { timeoutMs, isAlive = () => undefined }: { timeoutMs: number; isAlive?: () => Error | undefined },
  ): Promise<GuestAgent> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    while (Date.now() < deadline) {
      const dead = isAlive();
      if (dead) throw dead;
      const agent = await GuestAgent.connect(socketPath).catch((error: unknown) => {
        lastError = error;
        return undefined;
      });
      if (agent) {
        try {
          await agent.sync(3_000);
          return agent;
        } catch (error) {
          lastError = error;
          agent.close();
        }
      }
      await sleep(1_000);
    }
    throw new Error(`guest agent on ${socketPath} did not answer within ${timeoutMs / 1000} s`, { cause: lastError });
  }

  close(): void {
    this.socket.destroy();
  }

  /** Runs `command` with `args` and returns its `return` value; agent errors become exceptions. */
  execute<T>(command: string, args?: Record<string, unknown>, timeoutMs = 10_000): Promise<T> {
    return this.serialized(async () => {
      if (!this.inSync) await this.syncNow(timeoutMs);
      this.send({ execute: command, ...(args ? { arguments: args } : {}) });
      const reply = await this.nextReply(timeoutMs);
      if (reply.error) throw new Error(`guest agent ${command} failed: ${reply.error.class}: ${reply.error.desc}`);
      return reply.return as T;
    });
  }

  /** Confirms the agent answers and drops anything stale in the channel. */
  sync(timeoutMs = 5_000): Promise<void> {
    return this.serialized(() => this.syncNow(timeoutMs));
  }

  /** Runs a program in the guest (guest-exec), waits for it, and returns its decoded output. */
  async exec(path: string, args: readonly string[] = [], { timeoutMs = 120_000 }: ExecOptions = {}): Promise<ExecResult> {
    const { pid } = await this.execute<{ pid: number }>('guest-exec', { path, arg: args, 'capture-output': true });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.execute<ExecStatus>('guest-exec-status', { pid });
      if (status.exited) {
        return {
          exitCode: status.exitcode,
          signal: status.signal,
          stdout: decodeBase64(status['out-data']),
          stderr: decodeBase64(status['err-data']),
        };
      }
      if (Date.now() > deadline) throw new Error(`${path} ${args.join(' ')} still running after ${timeoutMs / 1000} s`);
      await sleep(EXEC_POLL_MS);
    }
  }

  /** `sh -c script` in the guest. */
  sh(script: string, options?: ExecOptions): Promise<ExecResult> {
    return this.exec('/bin/sh', ['-c', script], options);
  }

  /** `sh -c script`, returning stdout; throws with stdout and stderr unless it exits 0. */
  async shOk(script: string, options?: ExecOptions): Promise<string> {
    const result = await this.sh(script, options);
    if (result.exitCode !== 0) {
      throw new Error(
        `guest command failed (exit ${String(result.exitCode)}, signal ${String(result.signal)}): ${script}\n` +
          `stdout: ${result.stdout}\nstderr: ${result.stderr}`,
      );
    }
    return result.stdout;
  }

  private serialized<T>(step: () => Promise<T>): Promise<T> {
    const run = this.queue.then(step, step);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async syncNow(timeoutMs: number): Promise<void> {
    const id = this.nextSyncId++;
    this.replies.length = 0;
    this.send({ execute: 'guest-sync-delimited', arguments: { id } });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const reply = await this.nextReply(Math.max(1, deadline - Date.now()));
      if (reply.return === id) break;
    }
    this.inSync = true;
  }

  private send(message: object): void {
    if (this.closedError) throw this.closedError;
    this.socket.write(`${JSON.stringify(message)}\n`);
  }

  private async nextReply(timeoutMs: number): Promise<AgentReply> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.closedError) throw this.closedError;
      const left = deadline - Date.now();
      if (left <= 0) {
        this.inSync = false;
        throw new Error(`guest agent on ${this.socketPath} did not reply within ${timeoutMs / 1000} s`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.replies.shift() as AgentReply;
  }

  private receive(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    for (let end = this.buffered.indexOf(0x0a); end >= 0; end = this.buffered.indexOf(0x0a)) {
      const line = Buffer.from(this.buffered.subarray(0, end).filter((byte) => byte !== SYNC_DELIMITER));
      this.buffered = this.buffered.subarray(end + 1);
      const text = line.toString('utf8').trim();
      if (text === '') continue;
      try {
        this.replies.push(JSON.parse(text) as AgentReply);
      } catch {
        // A line cut by an earlier reset of the guest side; the next sync realigns.
        this.inSync = false;
      }
    }
    this.waiter?.();
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    this.waiter?.();
  }
}
