using Microsoft.Playwright;

namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>
/// Debian's Chromium, launched headless once for the whole collection through Playwright. The
/// browser is the system package (<c>chromium</c>, which .ci/run installs); nothing is downloaded.
/// A missing browser fails every test with the reason: the suite never skips.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs the browser; <c>GROK2API_CHROMIUM</c> points elsewhere on other systems.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string Executable =>
        Environment.GetEnvironmentVariable("GROK2API_CHROMIUM") is { Length: > 0 } custom ? custom : DefaultExecutable;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {Executable}. Install Debian's 'chromium' package (.ci/run does), or set GROK2API_CHROMIUM to a Chromium binary.");
        }

        // Expectations poll up to this long before they fail; every wait of the suite is bounded.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking"],
            Timeout = 60_000,
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>Every browser test shares one Chromium and runs one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}
