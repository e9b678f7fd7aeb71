namespace Grok2Api.Configuration.Tests;

/// <summary>Files of the repository the config tests read (fixtures, config.toml.example).</summary>
internal static class ConfigTestFiles
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string RepositoryRoot => Root.Value;

    public static string Example => Path.Combine(RepositoryRoot, "config.toml.example");

    public static string Fixture(string name) =>
        Path.Combine(RepositoryRoot, "tests", "Grok2Api.Configuration.Tests", "Fixtures", name);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Grok2Api.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Grok2Api.sln not found above " + AppContext.BaseDirectory);
    }
}
