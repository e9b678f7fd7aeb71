using System.Globalization;
using System.Runtime.Versioning;
using Grok2Api.MultiInstance.Tests.Infrastructure;
using Grok2Api.Tests.Common;

namespace Grok2Api.MultiInstance.Tests;

/// <summary>
/// The container's entry point (<c>docker-entrypoint.sh</c>), run for real with the built service: the
/// original project's data directory (made by a container running as root: the directory and its files
/// owned by root, <c>config.toml</c> and <c>token.json</c> at mode 600) is used as it is, and the service
/// runs as the unprivileged user, never as root. There is no Docker engine here; the script is what the
/// image runs, with the same tools (<c>setpriv</c>, <c>find</c>, <c>chown</c> of Debian's util-linux and
/// findutils, as in the runtime image).
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class DockerEntrypointTests
{
    /// <summary>The user the test drops to (Debian's <c>nobody</c>); the image's is <c>app</c>.</summary>
    private const string RunAs = "nobody";

    private const uint NobodyId = 65534;

    [Fact(Timeout = 180_000)]
    public async Task The_original_data_directory_made_by_root_is_used_and_the_service_runs_unprivileged()
    {
        var ct = TestContext.Current.CancellationToken;
        using var root = new TempDirectory();
        var appDir = CopyService(root.File("app"));
        var data = root.File("data");
        Directory.CreateDirectory(data);
        var token = "eyJoriginal-" + Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(data, "config.toml"), $"[app]\napp_key = \"{GatewayAdmin.AppKey}\"\n\n[token]\nauto_refresh = false\n");
        File.WriteAllText(Path.Combine(data, "token.json"), $$"""{"ssoBasic": [{"token": "{{token}}", "status": "active", "quota": 80, "note": "from the original"}]}""");
        File.SetUnixFileMode(Path.Combine(data, "config.toml"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(data, "token.json"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var asRoot = NativeMethods.GetEuid() == 0;
        var environment = new Dictionary<string, string>
        {
            ["GROK2API_APP_DIR"] = appDir,
            ["GROK2API_RUN_AS"] = RunAs,
        };

        await using var instance = await ProxyInstance.StartAsync("entrypoint", data, environment, ct, launcher: ["/bin/sh", EntrypointPath()]);

        using var admin = GatewayAdmin.For(instance);
        var listed = await admin.ListAsync();
        var record = Assert.Single(listed).Value;
        Assert.Equal("from the original", record["note"]!.GetValue<string>());
        Assert.Equal(80, record["quota"]!.GetValue<int>());

        // The service runs as the unprivileged user when started as root (the script execs, so the pid is the service's).
        var uid = ProcessUid(instance.Pid);
        if (asRoot)
        {
            Assert.Equal(NobodyId, uid);
            foreach (var path in new[] { data, Path.Combine(data, "config.toml"), Path.Combine(data, "token.json") })
            {
                Assert.Equal(NobodyId, FileOwner(path));
            }

            // Modes are kept: the secrets stay unreadable to others.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "config.toml")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data, "token.json")));
        }
        else
        {
            // Started as another user, the script changes nothing and runs the service as that user.
            Assert.Equal(NativeMethods.GetEuid(), uid);
        }

        // It writes there too: a change through the admin API reaches token.json.
        await admin.PatchAsync(GatewayAdmin.IdOf(token), new System.Text.Json.Nodes.JsonObject { ["note"] = "changed" });
        await instance.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("\"note\": \"changed\"", File.ReadAllText(Path.Combine(data, "token.json")), StringComparison.Ordinal);
    }

    /// <summary>A copy of the built service others can read and run, as /app is in the image.</summary>
    private static string CopyService(string target)
    {
        var source = Path.GetDirectoryName(ProxyInstance.DllPath)!;
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return target;
    }

    private static string EntrypointPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var script = Path.Combine(directory.FullName, "docker-entrypoint.sh");
            if (File.Exists(script) && File.Exists(Path.Combine(directory.FullName, "Grok2Api.sln")))
            {
                return script;
            }
        }

        throw new InvalidOperationException("docker-entrypoint.sh was not found above " + AppContext.BaseDirectory);
    }

    private static uint ProcessUid(int pid)
    {
        // "Uid:\treal\teffective\tsaved\tfs"
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
    }

    /// <summary>The owner's uid, as <c>stat</c> prints it.</summary>
    private static uint FileOwner(string path)
    {
        var info = new System.Diagnostics.ProcessStartInfo("stat") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("%u");
        info.ArgumentList.Add(path);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(10_000), "stat did not end");
        return uint.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
