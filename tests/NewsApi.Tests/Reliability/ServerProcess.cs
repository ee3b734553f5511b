using System.Diagnostics;
using System.Net;
using System.Text;

namespace NewsApi.Tests.Reliability;

/// <summary>
/// The real server as a child process (<c>dotnet NewsApi.dll</c>, built next to the test assembly) on a SQLite file of
/// the test's choosing, listening on a port the operating system picks. For what an in-process host cannot show:
/// being killed, being sent SIGTERM, starting again on the same file. Disposing it kills the process if still running.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    /// <summary>Generous: a cold start on a loaded 2-core machine, migrations and demo seed included, takes seconds.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string databasePath, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string> arguments)
    {
        var binaries = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = binaries, // the content root: appsettings.json is copied next to NewsApi.dll
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(binaries, "NewsApi.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__News"] = $"Data Source={databasePath}";
        // Port 0: the OS picks a free port and Kestrel logs it, so no other test can take it between choosing and binding.
        // A test that names the address itself (arguments or ASPNETCORE_ variables) is left to do so.
        if (arguments.Count == 0 && !settings.Keys.Any(key => key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)))
        {
            start.Environment["Kestrel__Endpoints__Http__Url"] = "http://127.0.0.1:0";
        }

        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["NewsApi__Comments__RateLimit__PermitLimit"] = "0";
        start.Environment["NewsApi__Comments__FloodIntervalSeconds"] = "0";
        // Production wants to know the site's hosts (or NewsApi:PublicBaseUrl) before building links from a request.
        start.Environment["AllowedHosts"] = "127.0.0.1;localhost";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, line) => Record(line.Data);
        _process.ErrorDataReceived += (_, line) => Record(line.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"The server exited before listening.\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public Uri BaseAddress { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the server wrote on standard output and error so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server and returns once /health/ready answers 200 (migrations and seed done).</summary>
    public static async Task<ServerProcess> StartAsync(
        string databasePath, IReadOnlyDictionary<string, string>? settings = null, IReadOnlyList<string>? arguments = null)
    {
        var server = new ServerProcess(databasePath, settings ?? new Dictionary<string, string>(), arguments ?? []);
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the server without waiting for it, for a test of how it refuses to start.</summary>
    public static ServerProcess Launch(string databasePath, IReadOnlyDictionary<string, string> settings) => new(databasePath, settings, []);

    /// <summary>A client for this server; requests time out rather than hang a test.</summary>
    public HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>SIGKILL (Process.Kill sends it on Linux): no shutdown code runs, as in a power cut of the process.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as <c>docker stop</c> or systemd send it: the host shuts down gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -TERM {_process.Id} failed");
    }

    /// <summary>Waits for the process to exit; false when it is still running after the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Waits until the server has written <paramref name="text"/> on its output.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The server did not write '{text}' within {timeout}.\n{Output}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        _process.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        // "Now listening on: http://127.0.0.1:40123" (Microsoft.Hosting.Lifetime), on a line of its own in plain logs or
        // inside the "Message" of a JSON log line (Production's format), where a quote ends it.
        const string listening = "Now listening on: ";
        var at = line.IndexOf(listening, StringComparison.Ordinal);
        var url = at < 0 ? "" : line[(at + listening.Length)..].Split('"', ' ')[0].Trim();
        if (at >= 0 && Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            // A port alone (ASPNETCORE_HTTP_PORTS) listens on every interface ("http://[::]:8080"): call it on loopback.
            _listening.TrySetResult(address.Host is "[::]" or "0.0.0.0" ? new UriBuilder(address) { Host = "127.0.0.1" }.Uri : address);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            BaseAddress = await _listening.Task.WaitAsync(timeout.Token);
            using var client = CreateClient();
            client.Timeout = TimeSpan.FromSeconds(10);
            while (true)
            {
                try
                {
                    using var ready = await client.GetAsync("/health/ready", timeout.Token);
                    if (ready.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not accepting connections yet.
                }
                catch (TaskCanceledException) when (!timeout.IsCancellationRequested)
                {
                    // This probe ran out of its own time: the first request JIT-compiles the pipeline, which on a loaded
                    // machine can take longer than one probe may. Only the start timeout as a whole decides.
                }

                if (_process.HasExited)
                {
                    // Not in Assert.False's message: that is built on every pass, and ExitCode throws while it runs.
                    Assert.Fail($"The server exited with code {_process.ExitCode} before it was ready.\n{Output}");
                }
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The server was not ready within {StartTimeout}.\n{Output}");
        }
    }
}
