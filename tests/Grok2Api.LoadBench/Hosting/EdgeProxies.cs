using System.Globalization;
using System.Net;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// The reverse proxies the edge scenario compares, each a child process on a free loopback port in
/// front of the same <see cref="EdgeBackend"/>: the gateway's edge route (a YARP route and cluster set
/// through environment variables), nginx with a keep-alive upstream, and the Portkey gateway (Node).
/// </summary>
internal static class EdgeProxies
{
    /// <summary>Where the Portkey gateway's npm package is installed when no path is given (outside the repository).</summary>
    public static readonly string PortkeyCache = Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "grok2api-loadbench", "portkey");

    /// <summary>The Portkey gateway version the scenario installs.</summary>
    public const string PortkeyPackage = "@portkey-ai/gateway@1.15.2";


    /// <summary>
    /// A Release gateway build (<paramref name="dll"/>) with one edge route, <c>/edge/{**rest}</c>, to <paramref name="backend"/>.
    /// The request log is on (LOG_LEVEL INFO, one console line per request, read by this process).
    /// </summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartGatewayAsync(
        string name, string dll, Uri backend, IReadOnlyDictionary<string, string> extra, string dataDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var environment = new Dictionary<string, string>(extra)
        {
            ["DATA_DIR"] = dataDirectory,
            ["SERVER_HOST"] = "127.0.0.1",
            ["SERVER_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["LOG_LEVEL"] = "INFO",
            ["LOG_FILE_ENABLED"] = "false",
            ["ReverseProxy__Routes__edge__ClusterId"] = "edge",
            ["ReverseProxy__Routes__edge__Match__Path"] = "/edge/{**rest}",
            ["ReverseProxy__Clusters__edge__Destinations__backend__Address"] = backend.ToString(),
        };
        var process = ChildProcess.Start(name, dll, [], environment, dataDirectory);
        await WaitReadyAsync(process, new Uri(url, "health"), cancellationToken);
        return (process, url);
    }

    /// <summary>
    /// nginx (<paramref name="nginx"/>, Debian's by default) with a configuration written to
    /// <paramref name="directory"/>: <c>worker_processes auto</c>, an upstream with 64 keep-alive
    /// connections, HTTP/1.1 to it, and an access log line per request to a file (as the gateway writes its request log).
    /// </summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartNginxAsync(string nginx, Uri backend, string directory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var config = Path.Combine(directory, "nginx.conf");
        var text = $$"""
            worker_processes auto;
            daemon off;
            master_process on;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events {
                worker_connections 4096;
            }
            http {
                access_log {{directory}}/access.log;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                keepalive_requests 1000000;
                upstream backend {
                    server 127.0.0.1:{{backend.Port}};
                    keepalive 64;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location /edge/ {
                        proxy_pass http://backend;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                    }
                    location = /health {
                        return 200 "ok";
                    }
                }
            }
            """;
        await File.WriteAllTextAsync(config, text, cancellationToken);
        var process = ChildProcess.StartProgram("nginx", nginx, ["-c", config, "-p", directory], new Dictionary<string, string>(), directory);
        await WaitReadyAsync(process, new Uri(url, "health"), cancellationToken);
        return (process, url);
    }

    /// <summary>
    /// The Portkey gateway's start script: <paramref name="path"/> when given, else the npm package
    /// installed (once) under <see cref="PortkeyCache"/>; null with the reason when npm or the package is unavailable.
    /// </summary>
    public static async Task<(string? Script, string? Unavailable)> LocatePortkeyAsync(string? path, CancellationToken cancellationToken)
    {
        if (path is not null)
        {
            var given = Directory.Exists(path) ? Path.Combine(path, "build", "start-server.js") : path;
            return File.Exists(given) ? (given, null) : (null, $"{given} does not exist");
        }

        var script = Path.Combine(PortkeyCache, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
        if (File.Exists(script))
        {
            return (script, null);
        }

        Directory.CreateDirectory(PortkeyCache);
        Console.Error.WriteLine($"installing {PortkeyPackage} into {PortkeyCache} with npm...");
        try
        {
            var npm = ChildProcess.StartProgram("npm", "npm", ["install", "--no-audit", "--no-fund", "--prefix", PortkeyCache, PortkeyPackage], new Dictionary<string, string>(), PortkeyCache);
            await using (npm)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromMinutes(5));
                while (!npm.HasExited)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
                }
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, "npm is not available: " + ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "npm install did not finish within 5 minutes");
        }

        return File.Exists(script) ? (script, null) : (null, $"npm install of {PortkeyPackage} failed");
    }

    /// <summary>
    /// The Portkey gateway on Node, headless (no console UI), production mode. Its plain proxy path
    /// (<c>/v1/*</c> to a custom host) fails on Node with "TypeError: immutable" (it adds headers to
    /// the upstream fetch response, whose headers are read-only; Portkey issues 1389 and 1550): a
    /// preloaded module makes Node's fetch return a copy of each response, one extra object per request.
    /// </summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartPortkeyAsync(string script, string directory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var shim = Path.Combine(directory, "mutable-fetch-response.mjs");
        await File.WriteAllTextAsync(shim, """
            const fetchFromNode = globalThis.fetch;
            globalThis.fetch = async (...args) => {
              const answer = await fetchFromNode(...args);
              return new Response(answer.body, answer);
            };
            """, cancellationToken);
        var process = ChildProcess.StartProgram(
            "portkey",
            "node",
            ["--import", new Uri(shim).AbsoluteUri, script, "--port=" + port.ToString(CultureInfo.InvariantCulture), "--headless"],
            new Dictionary<string, string> { ["NODE_ENV"] = "production" },
            directory);
        await WaitReadyAsync(process, url, cancellationToken);
        return (process, url);
    }

    private static async Task WaitReadyAsync(ChildProcess process, Uri probe, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await BenchStack.WaitReadyAsync(client, process, probe, cancellationToken, anyAnswer: true);
    }
}
