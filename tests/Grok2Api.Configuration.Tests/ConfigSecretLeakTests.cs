using Grok2Api.Storage.Local;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Logging.Testing;

namespace Grok2Api.Configuration.Tests;

/// <summary>
/// A secret in config.toml never reaches a log line or an error message, whatever its type, and a
/// syntax error on or near a secret's line quotes none of the file's text; the message still names
/// the key (or the line) so the operator can find it.
/// </summary>
public sealed class ConfigSecretLeakTests : IDisposable
{
    private const string Secret = "sk-LEAK-7f3e9a1b2c4d";
    private readonly TempDirectory _directory = new();
    private readonly FakeLogger _logger = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("api_key = [\"" + Secret + "\"]")]
    [InlineData("api_key = [[\"" + Secret + "\"]]")]
    [InlineData("api_key = { value = \"" + Secret + "\" }")]
    [InlineData("api_key = { inner = { value = \"" + Secret + "\" } }")]
    [InlineData("app_key = [1, \"" + Secret + "\"]")]
    public async Task SecretOfTheWrongType_NeverAppears_TheKeyIsNamed(string line)
    {
        var key = line[..line.IndexOf(' ', StringComparison.Ordinal)];

        var message = await LoadFailureAsync($"[app]\n{line}\n");

        Assert.Contains($"app.{key}", message, StringComparison.Ordinal);
        AssertNoSecret(message);
    }

    [Theory]
    [InlineData("api_key = 918273645546372819", "918273645546372819")]
    [InlineData("api_key = true", "true")]
    [InlineData("api_key = 1979-05-27T07:32:00Z", "1979-05-27")]
    [InlineData("api_key = 07:32:00", "07:32:00")]
    [InlineData("api_key = 3.14159265", "3.14159265")]
    [InlineData("api_key = [918273645546372819]", "918273645546372819")]
    [InlineData("api_key = { n = 918273645546372819 }", "918273645546372819")]
    public async Task SecretScalarOfTheWrongType_NeitherLogsNorReportsItsValue(string line, string value)
    {
        var message = await LoadOutcomeAsync($"[app]\n{line}\n");

        Assert.DoesNotContain(value, message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Message.Contains(value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[app]\napi_key = \"" + Secret + "\n", 2)]
    [InlineData("[app]\napi_key = " + Secret + "\n", 2)]
    [InlineData("[app]\napi_key = \"" + Secret + "\" trailing\n", 2)]
    [InlineData("[app]\napi_key = '" + Secret + "\n", 2)]
    [InlineData("[app]\napi_key = \"" + Secret + "\"\"\n", 2)]
    [InlineData("[app]\napi_key = [\"" + Secret + "\"\n", 2)]
    [InlineData("[app]\napi_key = {value = \"" + Secret + "\"\n", 2)]
    [InlineData("[app]\napi_key = \"\"\"" + Secret + "\n", 2)]
    [InlineData("[app]\napp_url =\napi_key = \"" + Secret + "\"\n", 2)]
    [InlineData("[app]\napi_key =\n\"" + Secret + "\"\n", 2)]
    [InlineData("[app]\n" + Secret + "\n", 2)]
    [InlineData("[app]\napi_key = \"" + Secret + "\"\n= \"" + Secret + "\"\n", 3)]
    [InlineData("[app]\napi_key " + Secret + "\n", 2)]
    [InlineData("[app]\n  cf_clearance\t" + Secret + "\n", 2)]
    public async Task SyntaxErrorOnOrNearASecretLine_QuotesNoFileText_ButNamesTheLine(string toml, int line)
    {
        var message = await LoadFailureAsync(toml);

        Assert.Contains($"line {line}", message, StringComparison.Ordinal);
        AssertNoSecret(message);
        foreach (var piece in new[] { "LEAK", "7f3e9a1b2c4d", "sk-LEAK" })
        {
            Assert.DoesNotContain(piece, message, StringComparison.Ordinal);
        }
    }

    private void AssertNoSecret(string message)
    {
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
        Assert.DoesNotContain("LEAK", message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Message.Contains("LEAK", StringComparison.Ordinal)
            || (r.Exception?.ToString().Contains("LEAK", StringComparison.Ordinal) ?? false));
    }

    private async Task<string> LoadFailureAsync(string toml)
    {
        await File.WriteAllTextAsync(_directory.File("config.toml"), toml, Ct);
        var ex = await Assert.ThrowsAsync<ConfigFormatException>(LoadAsync);
        return ex.ToString();
    }

    private async Task<string> LoadOutcomeAsync(string toml)
    {
        await File.WriteAllTextAsync(_directory.File("config.toml"), toml, Ct);
        try
        {
            await LoadAsync();
            return "";
        }
        catch (ConfigFormatException ex)
        {
            return ex.ToString();
        }
    }

    private async Task LoadAsync()
    {
        using var store = new LocalConfigStore(_directory.Path, _logger, TimeProvider.System, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        using var live = await LiveConfig.LoadAsync(store, _logger, Ct);
    }
}
