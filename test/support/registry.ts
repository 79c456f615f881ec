/**
 * A real registry for tests: Debian's docker-registry (distribution 2.8) on a free loopback
 * port, its storage in a temp directory, its config written here. Optional htpasswd basic auth,
 * bearer tokens (see registry-token.ts) and TLS (see registry-tls.ts). The access log (one line
 * per request, with status and bytes sent) is kept in a file, so that tests can count what went
 * over the wire independently of cairn. Reusable by every registry test (push, pull, chunks).
 *
 *   const registry = await startRegistry({ basic: { user: 'u', password: 'p' } });
 *   ... registry.host ('127.0.0.1:PORT') ...
 *   await registry.stop();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { scratchDir } from './scratch.js';

export const REGISTRY_BINARY = process.env['CAIRN_TEST_REGISTRY'] ?? '/usr/bin/docker-registry';

export interface RegistryOptions {
  /** htpasswd basic auth with this user (bcrypt, made with `htpasswd -Bbn`). */
  basic?: { user: string; password: string };
  /** Bearer tokens from a token server (docker's token protocol). */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
  /** Serve TLS with this certificate and key (PEM files). */
  tls?: { cert: string; key: string };
  /** Extra YAML appended to the config (top-level keys). */
  extraConfig?: string;
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT`: the registry part of a reference. */
  host: string;
  port: number;
  /** Temp directory holding config, storage and logs (removed by stop({ remove: true })). */
  dir: string;
  /** The storage root (the registry's filesystem driver rootdirectory). */
  storage: string;
  configPath: string;
  /** The registry's combined output (access log lines included). */
  log(): string;
  /** Parsed access-log lines: method, path, status and response bytes. */
  accessLog(): AccessLogEntry[];
  /** Stops the process (SIGTERM, then SIGKILL after 5 s; `kill`: SIGKILL at once); storage is kept unless remove is set. */
  stop(options?: { remove?: boolean; kill?: boolean }): Promise<void>;
  /** Starts it again on the same port with the same storage (nothing when it runs). */
  restart(): Promise<void>;
  /** `docker-registry garbage-collect` on the storage (the registry should be stopped). */
  garbageCollect(deleteUntagged?: boolean): string;
}

export interface AccessLogEntry {
  method: string;
  path: string;
  status: number;
  bytes: number;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** An htpasswd line (bcrypt) for user/password, made by Debian's htpasswd. */
export function htpasswdLine(user: string, password: string): string {
  const r = spawnSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`htpasswd failed: ${r.stderr}`);
  return r.stdout.trim() + '\n';
}

function configYaml(dir: string, port: number, options: RegistryOptions): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: cairn-test-secret`,
  ];
  if (options.tls) lines.push('  tls:', `    certificate: ${options.tls.cert}`, `    key: ${options.tls.key}`);
  if (options.basic) {
    const path = join(dir, 'htpasswd');
    writeFileSync(path, htpasswdLine(options.basic.user, options.basic.password));
    lines.push('auth:', '  htpasswd:', '    realm: cairn-test', `    path: ${path}`);
  } else if (options.token) {
    lines.push(
      'auth:', '  token:',
      `    realm: ${options.token.realm}`,
      `    service: ${options.token.service}`,
      `    issuer: ${options.token.issuer}`,
      `    rootcertbundle: ${options.token.rootCertBundle}`,
    );
  }
  if (options.extraConfig) lines.push(options.extraConfig);
  return lines.join('\n') + '\n';
}

/** Resolves once the registry answers /v2/ with any HTTP status (200 or 401). */
async function waitReady(port: number, tls: boolean, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${readFileSync(logPath, 'utf8').slice(-2000)}`);
    const up = await new Promise<boolean>((resolve) => {
      const send = tls ? httpsRequest : httpRequest;
      const req = send({ host: '127.0.0.1', port, path: '/v2/', method: 'GET', rejectUnauthorized: false, timeout: 1000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
      req.end();
    });
    if (up) {
      // Another test file's registry may answer on a port this one failed to bind: only a child
      // still running a moment after the answer is ours.
      await new Promise((r) => setTimeout(r, 300));
      if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${readFileSync(logPath, 'utf8').slice(-2000)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`docker-registry did not start on port ${port}: ${readFileSync(logPath, 'utf8').slice(-2000)}`);
}

// Combined log format: host - user [time] "METHOD PATH HTTP/1.1" STATUS BYTES "referer" "agent"
const ACCESS_LINE = /"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3}) (\d+|-)/;

/** Starts a registry; stop() it in the test's `after`. */
export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const dir = scratchDir('cairn-registry-');
  let port = await freePort();
  const configPath = join(dir, 'config.yml');
  writeFileSync(configPath, configYaml(dir, port, options));
  const logPath = join(dir, 'registry.log');
  let child: ChildProcess | undefined;
  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const launch = async (): Promise<void> => {
    if (running()) return; // restart() of a running registry: nothing to do (a second process could not bind the port)
    const fd = openSync(logPath, 'a');
    const started = spawn(REGISTRY_BINARY, ['serve', configPath], { stdio: ['ignore', fd, fd] });
    child = started;
    closeSync(fd);
    await waitReady(port, Boolean(options.tls), started, logPath);
  };
  const stop = async (kill = false): Promise<void> => {
    const current = child;
    if (current === undefined || !running()) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill(kill ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => current.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  // A test process that ends without stop() (a failure, a timeout) takes its registry with it.
  process.once('exit', () => {
    if (running()) child!.kill('SIGKILL');
  });
  // The port was free when chosen; a test file running at the same time may take it before the
  // registry binds it: then start again on another.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt === 3 || !/address already in use/.test(String(error))) throw error;
      port = await freePort();
      writeFileSync(configPath, configYaml(dir, port, options));
    }
  }
  const log = (): string => readFileSync(logPath, 'utf8');
  return {
    host: `127.0.0.1:${port}`,
    port,
    dir,
    storage: join(dir, 'storage'),
    configPath,
    log,
    accessLog: () => log().split('\n').flatMap((line) => {
      const m = ACCESS_LINE.exec(line);
      return m ? [{ method: m[1]!, path: m[2]!, status: Number(m[3]), bytes: m[4] === '-' ? 0 : Number(m[4]) }] : [];
    }),
    async stop(stopOptions = {}) {
      await stop(stopOptions.kill);
      if (stopOptions.remove) rmSync(dir, { recursive: true, force: true });
    },
    restart: launch,
    garbageCollect(deleteUntagged = true) {
      const r = spawnSync(REGISTRY_BINARY, ['garbage-collect', ...(deleteUntagged ? ['--delete-untagged'] : []), configPath], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`garbage-collect failed: ${r.stderr}`);
      return r.stdout + r.stderr;
    },
  };
}
