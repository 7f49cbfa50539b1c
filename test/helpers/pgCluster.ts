// A throwaway PostgreSQL cluster for tests: initdb into a temp folder, pg_ctl on 127.0.0.1 with a
// free port (socket in the folder), trust auth, plus a scram-sha-256 line for the members of role
// `pwusers` so a password test has a real password check. As root (here and in CI) the folder
// belongs to `postgres` and initdb/pg_ctl run as that user (runuser). stop() stops it (-m fast)
// and removes the folder: call it in an after() hook; a process exit also stops any cluster
// still running, so nothing stays behind.
//   const pg = await startPgCluster();  after(() => pg.stop());
//   const url = await pg.createDatabase('t1');   // postgres://postgres@127.0.0.1:PORT/t1
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PgCluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres (trust auth, superuser). */
  url: string;
  port: number;
  /** The cluster's folder (data/, sock/, log). */
  dir: string;
  /** URL of another database on this cluster (postgres user). */
  urlFor(database: string): string;
  /** Creates an empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /**
   * Creates (or updates) a login role whose connections over TCP must pass scram-sha-256 with this
   * password; superuser so it can use any database. Returns postgres://user:password@…/database.
   */
  setPassword(user: string, password: string, database?: string): Promise<string>;
  /** Runs SQL as the superuser on a database (default postgres). */
  sql(text: string, database?: string): Promise<pg.QueryResult>;
  /** pg_ctl -m fast stop, then start again on the same port (reconnect tests). */
  restart(): Promise<void>;
  /** Stops the server (-m fast) and removes the folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries: /usr/lib/postgresql/<version>/bin. */
export function findPgBin(): string | null {
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  } catch {
    return null;
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const isRoot = process.getuid?.() === 0;
/** Clusters not yet stopped, stopped at exit even when a test forgot (or crashed before) its after(). */
const running = new Map<string, () => void>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const kill of [...running.values()]) kill();
  };
  process.on('exit', killAll);
  // A test runner's timeout or Ctrl-C: stop the clusters, then die of the signal as before.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      killAll();
      process.kill(process.pid, sig);
    });
  }
}

export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  if (!bin) throw new Error('PostgreSQL server not found under /usr/lib/postgresql/*/bin: run `npm run setup -- --tests`');
  // The postgres user must reach the folder: /tmp (1777) rather than a TMPDIR under /root.
  const dir = fs.mkdtempSync(path.join(isRoot ? '/tmp' : os.tmpdir(), 'vi-pg-'));
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  const log = path.join(dir, 'log');
  fs.mkdirSync(sock);
  if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const asPg = (cmd: string, args: string[]) =>
    isRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  const asPgSync = (cmd: string, args: string[]) =>
    isRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'ignore', timeout: 30000 })
      : execFileSync(path.join(bin, cmd), args, { stdio: 'ignore', timeout: 30000 });

  let port = 0;
  let started = false;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    running.delete(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const start = async () => {
    await asPg('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', log, '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${sock}`]);
    started = true;
  };
  const stopServer = async () => {
    if (!started) return;
    await asPg('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]);
    started = false;
  };

  installExitHook();
  running.set(dir, () => {
    try {
      if (started) asPgSync('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', data]);
    } catch {
      /* already stopped */
    }
    remove();
  });
  try {
    await asPg('initdb', ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // Password logins for the members of `pwusers` over TCP, before the trust lines.
    const hba = path.join(data, 'pg_hba.conf');
    fs.writeFileSync(hba, `host all +pwusers 127.0.0.1/32 scram-sha-256\n${fs.readFileSync(hba, 'utf8')}`);
    port = await freePort();
    await start();
  } catch (e) {
    running.get(dir)?.();
    const tail = fs.existsSync(log) ? `\n${fs.readFileSync(log, 'utf8').slice(-2000)}` : '';
    throw new Error(`could not start a test PostgreSQL: ${(e as Error).message}${tail}`);
  }

  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const sql = async (text: string, database = 'postgres') => {
    const c = new pg.Client({ connectionString: urlFor(database) });
    await c.connect();
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

  return {
    get url() {
      return urlFor('postgres');
    },
    get port() {
      return port;
    },
    dir,
    urlFor,
    sql,
    async createDatabase(name) {
      await sql(`CREATE DATABASE ${ident(name)}`);
      return urlFor(name);
    },
    async setPassword(user, password, database = 'postgres') {
      await sql(`DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pwusers') THEN CREATE ROLE pwusers NOLOGIN; END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(user)}) THEN CREATE ROLE ${ident(user)} LOGIN SUPERUSER; END IF;
      END $$`);
      await sql(`SET password_encryption = 'scram-sha-256'; ALTER ROLE ${ident(user)} PASSWORD ${literal(password)}; GRANT pwusers TO ${ident(user)}`);
      return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    },
    async restart() {
      await stopServer();
      await start();
    },
    async stop() {
      try {
        await stopServer();
      } finally {
        remove();
      }
    },
  };
}
