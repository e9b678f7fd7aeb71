using Grok2Api.Proxy.Migrate;
using Grok2Api.Storage;

namespace Grok2Api.Proxy.Tests.Hosting;

public sealed class MigrateOptionsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void LocalToRedis_WithSpaceAndEqualsForms()
    {
        var options = MigrateOptions.Parse(["--from", "local", "--data-dir=/srv/data", "--to=redis", "--to-url", "redis://:pw@cache:6379/2"], NoEnvironment)!;

        Assert.Equal(new MigrateEndpoint(StorageKind.Local, "", Path.GetFullPath("/srv/data")), options.From);
        Assert.Equal(new MigrateEndpoint(StorageKind.Redis, "redis://:pw@cache:6379/2", Path.GetFullPath("/srv/data")), options.To);
        Assert.False(options.Replace);
    }

    [Fact]
    public void Urls_ComeFromTheEnvironment_WhenNotOnTheCommandLine()
    {
        var environment = new Dictionary<string, string?>
        {
            ["MIGRATE_FROM_URL"] = "postgresql://u:secret@db/grok",
            ["MIGRATE_TO_URL"] = "mysql://u:secret@db2/grok",
        };

        var options = MigrateOptions.Parse(["--from", "pgsql", "--to", "MYSQL", "--replace"], n => environment.GetValueOrDefault(n))!;

        Assert.Equal(StorageKind.PostgreSql, options.From.Kind);
        Assert.Equal("postgresql://u:secret@db/grok", options.From.Url);
        Assert.Equal(StorageKind.MySql, options.To.Kind);
        Assert.Equal("mysql://u:secret@db2/grok", options.To.Url);
        Assert.True(options.Replace);
    }

    [Fact]
    public void TheCommandLineUrl_WinsOverTheEnvironment()
    {
        var options = MigrateOptions.Parse(["--from", "local", "--to", "redis", "--to-url", "redis://a"], n => n == "MIGRATE_TO_URL" ? "redis://b" : null)!;

        Assert.Equal("redis://a", options.To.Url);
    }

    [Fact]
    public void LocalToLocal_UsesTheTwoDataDirectories()
    {
        var options = MigrateOptions.Parse(["--from", "local", "--from-data-dir", "/a", "--to", "local", "--to-data-dir", "/b"], NoEnvironment)!;

        Assert.Equal(Path.GetFullPath("/a"), options.From.DataDirectory);
        Assert.Equal(Path.GetFullPath("/b"), options.To.DataDirectory);
    }

    [Fact]
    public void DataDir_DefaultsToTheDataDirVariable()
    {
        var options = MigrateOptions.Parse(["--from", "local", "--to", "redis", "--to-url", "redis://x"], n => n == "DATA_DIR" ? "/env/data" : null)!;

        Assert.Equal(Path.GetFullPath("/env/data"), options.From.DataDirectory);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_ReturnsNull(string flag)
    {
        Assert.Null(MigrateOptions.Parse(["--from", "local", flag], NoEnvironment));
        Assert.Contains("--from-url", MigrateOptions.Usage, StringComparison.Ordinal);
        Assert.Contains("MIGRATE_TO_URL", MigrateOptions.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--to", "redis", "--to-url", "redis://x" }, "--from is required")]
    [InlineData(new[] { "--from", "local" }, "--to is required")]
    [InlineData(new[] { "--from", "sqlite", "--to", "local" }, "'sqlite' is not a storage kind")]
    [InlineData(new[] { "--from", "local", "--to", "redis" }, "--to redis needs --to-url (or the environment variable MIGRATE_TO_URL)")]
    [InlineData(new[] { "--from", "pgsql", "--to", "local" }, "--from pgsql needs --from-url")]
    [InlineData(new[] { "--from", "local", "--to", "local" }, "same directory")]
    [InlineData(new[] { "--from", "redis", "--from-url", "redis://a", "--to", "redis", "--to-url", "redis://a" }, "same store")]
    [InlineData(new[] { "--from", "local", "--to", "local", "--verbose" }, "Unknown option '--verbose'")]
    [InlineData(new[] { "--from", "local", "--to" }, "--to needs a value")]
    [InlineData(new[] { "--from", "local", "--from", "redis" }, "--from is given twice")]
    [InlineData(new[] { "local", "redis" }, "Unexpected argument 'local'")]
    [InlineData(new[] { "--from", "local", "--from-url", "redis://x", "--to", "redis", "--to-url", "redis://y" }, "--from-url is for shared stores")]
    public void WrongArguments_SayWhatIsWrong(string[] args, string expected)
    {
        var error = Assert.Throws<MigrateException>(() => MigrateOptions.Parse(args, NoEnvironment));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AUrlGivenAsAKind_IsNotEchoed()
    {
        var error = Assert.Throws<MigrateException>(() => MigrateOptions.Parse(["--from", "redis://:hunter2@h", "--to", "local"], NoEnvironment));

        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WrongArguments_ExitsOne_WithOneLine_AndHelpExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(1, await MigrateCommand.RunAsync(["--from", "local"], NoEnvironment, output, error, ct));
        Assert.StartsWith("grok2api migrate: --to is required", error.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await MigrateCommand.RunAsync(["--help"], NoEnvironment, output, error, ct));
        Assert.Contains("Usage: grok2api migrate", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Selects_OnlyTheFirstArgument()
    {
        Assert.True(MigrateCommand.Selects(["migrate", "--help"]));
        Assert.False(MigrateCommand.Selects(["--DATA_DIR=migrate"]));
        Assert.False(MigrateCommand.Selects([]));
    }
}
