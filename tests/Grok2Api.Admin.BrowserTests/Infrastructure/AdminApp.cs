using System.Collections.Concurrent;
using Grok2Api.Proxy.FunctionalTests.Infrastructure;
using Grok2Api.Simulator;
using Microsoft.Playwright;

namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>
/// One test's world: the grok.com simulator, the real service on a loopback Kestrel socket over a
/// scratch DATA_DIR whose admin key is <see cref="AppKey"/> (not the default), and a fresh browser
/// context with one page on it. Every request the page makes is recorded, and any request to
/// another host is aborted, so a test can prove the app works offline.
/// </summary>
public sealed class AdminApp : IAsyncDisposable
{
    /// <summary>The admin key of every test service unless a test asks for another one.</summary>
    public const string AppKey = "browser-admin-key-5c1e9a";

    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();

    private AdminApp(SimulatedUpstream upstream, string appKey)
    {
        Upstream = upstream;
        Key = appKey;
        Admin = new AdminClient(upstream.Gateway.Client, appKey);
    }

    public SimulatedUpstream Upstream { get; }

    public GatewayHost Gateway => Upstream.Gateway;

    public GrokSimulator Simulator => Upstream.Simulator;

    /// <summary>The admin API with <c>Authorization: Bearer</c> and the current key: what the page shows is checked against it.</summary>
    public AdminClient Admin { get; private set; }

    /// <summary>The admin key the service was started with (or changed to, see <see cref="UseKey"/>).</summary>
    public string Key { get; private set; }

    public IBrowserContext Context { get; private set; } = null!;

    public IPage Page { get; private set; } = null!;

    public Viewport Viewport { get; private set; } = Viewport.Desktop;

    /// <summary>Every URL the browser asked for (documents, scripts, styles, images, fetches, WebSockets), in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Uncaught script errors of the page.</summary>
    public IReadOnlyList<string> PageErrors => [.. _pageErrors];

    /// <summary>Starts the simulator, the service and a browser context.</summary>
    /// <param name="chromium">The collection's browser.</param>
    /// <param name="appKey">The admin key in config.toml; null leaves the documented default.</param>
    /// <param name="extraToml">More config (not the [upstream], [token] or [app] tables, which are written here).</param>
    /// <param name="locale">The browser's language; the app picks its own from it.</param>
    /// <param name="appToml">More keys of the <c>[app]</c> table (<c>public_enabled = true</c>, say).</param>
    /// <param name="cancellationToken">Bounds the start.</param>
    public static async Task<AdminApp> StartAsync(
        ChromiumFixture chromium, CancellationToken cancellationToken, string? appKey = AppKey, string extraToml = "", string locale = "en-US", string appToml = "")
    {
        var appTable = appKey is null && appToml.Length == 0 ? "" : "[app]\n" + (appKey is null ? "" : $"app_key = \"{appKey}\"\n") + appToml + "\n";
        var upstream = await SimulatedUpstream.StartAsync(cancellationToken, appTable + extraToml);
        var app = new AdminApp(upstream, appKey ?? AdminClient.DefaultAppKey);
        try
        {
            await app.OpenContextAsync(chromium, Viewport.Desktop, locale);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The service's address as the page sees it, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress => Gateway.BaseAddress;

    /// <summary>Closes the current context (cookies, storage and all) and opens a new one at <paramref name="viewport"/>.</summary>
    public async Task OpenContextAsync(ChromiumFixture chromium, Viewport viewport, string locale = "en-US")
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }

        Viewport = viewport;
        Context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = viewport.Size,
            Locale = locale,
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        Context.SetDefaultTimeout(15_000);
        Context.SetDefaultNavigationTimeout(30_000);
        Context.Request += (_, request) => _requests.Enqueue(request.Url);
        await Context.RouteAsync(url => !IsService(url), route => route.AbortAsync("blockedbyclient"));
        Page = await Context.NewPageAsync();
        Page.PageError += (_, error) => _pageErrors.Enqueue(error);
        Page.WebSocket += (_, socket) => _requests.Enqueue(socket.Url);
    }

    /// <summary>Whether <paramref name="url"/> is served by this test's service (same host and port).</summary>
    public bool IsService(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Host == BaseAddress.Host
        && uri.Port == BaseAddress.Port;

    /// <summary>Opens a path of the app, e.g. <c>/admin/tokens</c>.</summary>
    public Task<IResponse?> GotoAsync(string path) => Page.GotoAsync(path);

    /// <summary>Logs in through the login page with <see cref="Key"/> (or <paramref name="key"/>) and waits for the navigation.</summary>
    public async Task LoginAsync(string? key = null)
    {
        await GotoAsync("/admin/login");
        await Page.GetByTestId("login-key").FillAsync(key ?? Key);
        await Page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("nav-dashboard")).ToBeVisibleAsync();
    }

    /// <summary>
    /// Starts a cookie session in the browser context straight through the login endpoint, for tests
    /// about another page (the login page itself is covered by the login tests), then opens <paramref name="path"/>.
    /// </summary>
    public async Task SignInAndGotoAsync(string path)
    {
        var origin = BaseAddress.GetLeftPart(UriPartial.Authority);
        var answer = await Context.APIRequest.PostAsync("/v1/admin/login", new APIRequestContextOptions
        {
            DataObject = new Dictionary<string, string> { ["app_key"] = Key },
            Headers = new Dictionary<string, string> { ["Origin"] = origin },
        });
        Assert.True(answer.Ok, $"Login through the API answered {answer.Status}.");
        await GotoAsync(path);
        await Assertions.Expect(Page.GetByTestId("nav-dashboard")).ToBeVisibleAsync();
    }

    /// <summary>The key changed (through the app): the bearer client follows.</summary>
    public void UseKey(string key)
    {
        Key = key;
        Admin = new AdminClient(Gateway.Client, key);
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }

        await Upstream.DisposeAsync();
    }
}
