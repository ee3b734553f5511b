// A real NewsApi for the browser tests: the Release build's executable, a fresh SQLite file in a temp folder, a free
// port, demo content, and the built reader served at /reader. An admin key comes from the `keys create` command.
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
export const repositoryRoot = resolve(here, "../../..");
const executable = process.env.NEWSAPI_EXECUTABLE ?? join(repositoryRoot, "src/NewsApi/bin/Release/net10.0/NewsApi");
const readerFolder = resolve(here, "../dist");

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** Starts NewsApi; `settings` adds or overrides environment variables (e.g. `NewsApi__Comments__Moderation`). */
export async function startNewsApi(settings = {}) {
  if (!existsSync(executable)) throw new Error(`${executable} is missing: run dotnet build -c Release first`);
  if (!existsSync(join(readerFolder, "index.html"))) throw new Error(`${readerFolder} has no index.html: run npm run build first`);
  const folder = mkdtempSync(join(tmpdir(), "newsapi-reader-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    ASPNETCORE_URLS: baseUrl,
    ConnectionStrings__News: `Data Source=${join(folder, "news.db")}`,
    NewsApi__Database__Provider: "Sqlite",
    NewsApi__Database__SeedDemoContent: "true",
    NewsApi__PublicBaseUrl: baseUrl,
    NewsApi__Reader__Enabled: "true",
    NewsApi__Reader__Path: readerFolder,
    DOTNET_hostBuilder__reloadConfigOnChange: "false",
    ...settings,
  };
  const output = [];
  const child = spawn(executable, [], { cwd: repositoryRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.on("data", chunk => output.push(chunk));
  child.stderr.on("data", chunk => output.push(chunk));
  const exited = new Promise(done => child.once("exit", code => done(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    const code = await Promise.race([exited, new Promise(done => setTimeout(() => done(undefined), 250))]);
    if (code !== undefined) throw new Error(`NewsApi exited with ${code}:\n${Buffer.concat(output).toString()}`);
    try {
      if ((await fetch(`${baseUrl}/health/ready`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`NewsApi did not become ready:\n${Buffer.concat(output).toString()}`);
    }
  }

  const { stdout } = await promisify(execFile)(executable,
    ["keys", "create", "--name", "reader-tests", "--scopes", "content:write,comments:moderate"], { cwd: repositoryRoot, env });
  const adminKey = stdout.trim().split("\n").at(-1).trim();

  return {
    baseUrl,
    readerUrl: `${baseUrl}/reader/`,
    adminKey,
    /** An admin API call with the key; throws on a status other than `expected`. */
    async admin(method, path, body, expected = 200) {
      const response = await fetch(`${baseUrl}/api/v1/admin${path}`, {
        method,
        headers: { Authorization: `Bearer ${adminKey}`, "Content-Type": "application/json", "Accept-Language": "en" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text ? JSON.parse(text) : undefined;
    },
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
