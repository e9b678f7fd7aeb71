using System.Reflection;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Where appsettings.json (the edge proxy's routes) is read from. Running from source
/// (<c>dotnet run --project Proxy</c>) uses Proxy/ itself, so an edit of Proxy/appsettings.json
/// reloads live; a published build uses the directory of the binaries. The working directory is
/// left alone because <c>DATA_DIR</c> (default <c>./data</c>) is relative to it.
/// </summary>
internal static class ContentRoot
{
    public static string Resolve(string[] args)
    {
        // The standard host switch (--contentRoot=path) wins, then the standard variable.
        var fromArgs = new ConfigurationBuilder().AddCommandLine(args).Build()[WebHostDefaults.ContentRootKey];
        if (!string.IsNullOrWhiteSpace(fromArgs))
        {
            return Path.GetFullPath(fromArgs);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        var projectDirectory = typeof(ContentRoot).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        return projectDirectory is not null && File.Exists(Path.Combine(projectDirectory, "appsettings.json"))
            ? projectDirectory
            : AppContext.BaseDirectory;
    }
}
