using System.Reflection;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// Where the gateway and simulator builds are: the bench is built with both (project references that
/// reference no assembly), in the same configuration, so their output sits beside the sources.
/// </summary>
internal sealed record RepoLayout(string Root, string Configuration, string TargetFramework)
{
    /// <summary>The gateway build to run: the repository's unless another was named.</summary>
    public string ProxyDll => GatewayDllOverride ?? Path.Combine(Root, "Proxy", "bin", Configuration, TargetFramework, "Grok2Api.Proxy.dll");

    public string? GatewayDllOverride { get; init; }

    public string SimulatorDll => Path.Combine(Root, "tests", "Simulator", "bin", Configuration, TargetFramework, "Grok2Api.Simulator.dll");

    /// <summary>The dotnet host that runs this process, so the children use the same runtime.</summary>
    public static string DotnetHost
    {
        get
        {
            // The shared framework lives in <root>/shared/Microsoft.NETCore.App/<version>/.
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
            var host = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "dotnet"));
            return File.Exists(host) ? host : "dotnet";
        }
    }

    public static RepoLayout Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        var targetFramework = directory.Name;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Grok2Api.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new BenchException($"Grok2Api.sln not found above {AppContext.BaseDirectory}; run the bench from its build output in the repository.");
        }

        var configuration = typeof(RepoLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildConfiguration")?.Value ?? "Release";
        var layout = new RepoLayout(directory.FullName, configuration, targetFramework);
        foreach (var dll in new[] { layout.ProxyDll, layout.SimulatorDll })
        {
            if (!File.Exists(dll))
            {
                throw new BenchException($"{dll} is missing; build with: dotnet run -c Release --project tests/Grok2Api.LoadBench -- <scenario>");
            }
        }

        return layout;
    }
}
