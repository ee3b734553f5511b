// A real NewsApi for the tests: the Release build's executable (built by .ci/run, or once by hand with
// `dotnet build src/NewsApi -c Release`) on a fresh SQLite file in a temp folder and a free loopback port, with the
// demo content seeded at start. NEWSAPI_EXECUTABLE names another build. With NEWSAPI_TEST_PROVIDER=postgres (as the
// .NET suite takes it) the database is a fresh one on the server NEWSAPI_TEST_POSTGRES names (the admin connection
// string that tests/postgres/cluster.sh prints), made and dropped with psql.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

// Compiled to build/test/, four levels under the repository's root.
const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const executable = process.env.NEWSAPI_EXECUTABLE
  ?? join(repositoryRoot, "src/NewsApi/bin/Release/net10.0/NewsApi");

/** The storage engine under test: `sqlite` (default) or `postgres`. */
export const engine = (process.env.NEWSAPI_TEST_PROVIDER ?? "sqlite").toLowerCase();
if (engine !== "sqlite" && engine !== "postgres") throw new Error(`NEWSAPI_TEST_PROVIDER: unknown engine '${engine}' (sqlite, postgres)`);

export interface LiveNewsApi {
  baseUrl: string;
  /** Runs the same executable as the CLI on the same database (e.g. `keys create`); resolves to its stdout. */
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startNewsApi(settings: Record<string, string> = {}): Promise<LiveNewsApi> {
  const folder = await mkdtemp(join(tmpdir(), "newsapi-tsclient-"));
  const port = await freePort();
  const postgres = engine === "postgres" ? await createPostgresDatabase() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Production (the default environment) requires the public address that feeds and sitemaps link to.
    NewsApi__PublicBaseUrl: `http://127.0.0.1:${port}`,
    ConnectionStrings__News: postgres?.connectionString ?? `Data Source=${join(folder, "news.db")}`,
    NewsApi__Database__Provider: postgres ? "Postgres" : "Sqlite",
    NewsApi__Database__SeedDemoContent: "true",
    DOTNET_hostBuilder__reloadConfigOnChange: "false",
    DOTNET_NOLOGO: "1",
    ...settings,
  };
  // Its appsettings.json sits beside it, and the content root is the working folder.
  const cwd = dirname(executable);
  const server = spawn(executable, ["--urls", `http://127.0.0.1:${port}`], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  // A missing executable is an error event (and no pid): waitUntilReady reports it, so it must not go unhandled.
  server.on("error", () => {});
  server.stdout?.on("data", keep);
  server.stderr?.on("data", keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(server);
    await postgres?.drop();
    await rm(folder, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(baseUrl, server, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    baseUrl,
    cli: async (...args) => (await promisify(execFile)(executable, args, { cwd, env })).stdout,
    stop,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(baseUrl: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.pid === undefined) {
      throw new Error(`Could not start ${executable} (build it with: dotnet build src/NewsApi -c Release)`);
    }
    if (server.exitCode !== null || server.signalCode !== null) {
      throw new Error(`NewsApi exited (${server.exitCode ?? server.signalCode}):\n${output()}`);
    }
    try {
      const answer = await fetch(`${baseUrl}/health/ready`);
      if (answer.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`NewsApi was not ready at ${baseUrl}/health/ready within 90 s:\n${output()}`);
}

async function stopProcess(server: ChildProcess): Promise<void> {
  if (server.pid === undefined || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise(resolve => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

// An Npgsql connection string (Host=…;Port=…;Username=…;Database=…) as libpq's psql takes it, on another database.
function psqlArguments(connectionString: string, database: string): string[] {
  const settings = new Map(connectionString.split(";").filter(part => part.includes("="))
    .map(part => [part.slice(0, part.indexOf("=")).trim().toLowerCase(), part.slice(part.indexOf("=") + 1).trim()]));
  return [
    "-h", settings.get("host") ?? "127.0.0.1", "-p", settings.get("port") ?? "5432",
    "-U", settings.get("username") ?? settings.get("user id") ?? "postgres", "-d", database,
    "-v", "ON_ERROR_STOP=1", "-q", "-c",
  ];
}

async function createPostgresDatabase(): Promise<{ connectionString: string; drop: () => Promise<void> }> {
  const admin = process.env.NEWSAPI_TEST_POSTGRES;
  if (!admin) throw new Error("NEWSAPI_TEST_POSTGRES is not set: start a server with tests/postgres/cluster.sh start DIR and export its output.");
  const name = `newsapi_tsclient_${randomUUID().replaceAll("-", "")}`;
  const psql = (sql: string) => promisify(execFile)("psql", [...psqlArguments(admin, "postgres"), sql]);
  await psql(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  const connectionString = admin.split(";").filter(part => !/^\s*database\s*=/i.test(part)).concat(`Database=${name}`).join(";");
  return { connectionString, drop: async () => void await psql(`DROP DATABASE "${name}" WITH (FORCE)`) };
}
