using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests.Infrastructure;

/// <summary>
/// A world for the public pages (<c>/login</c>, <c>/imagine</c>, <c>/video</c>, <c>/voice</c>):
/// <c>app.public_enabled</c> on, with a public key or open, and a few accounts in the pool so that
/// the simulator answers the generations.
/// </summary>
public static class Playground
{
    /// <summary>The public key of a keyed playground.</summary>
    public const string PublicKey = "browser-public-key-7d2f41";

    /// <summary>
    /// Starts the service with the playground on (<paramref name="publicKey"/> empty: open to anyone) and
    /// <paramref name="accounts"/> ssoBasic accounts. The LiveKit server handed to the voice page is a loopback port nobody listens on
    /// (<see cref="LivekitUrl"/>): the connection fails without leaving the machine.
    /// </summary>
    public static async Task<AdminApp> StartAsync(ChromiumFixture chromium, CancellationToken cancellationToken, string publicKey = PublicKey, string locale = "en-US", int accounts = 2)
    {
        var app = await AdminApp.StartAsync(chromium, cancellationToken, locale: locale, appToml: $"public_enabled = true\npublic_key = \"{publicKey}\"");
        try
        {
            if (accounts > 0)
            {
                await TokenSetup.AddAsync(app, accounts, cancellationToken);
            }

            await app.Admin.JsonAsync(
                HttpMethod.Patch, "/v1/admin/config", new JsonObject { ["upstream"] = new JsonObject { ["livekit_url"] = LivekitUrl(app) } }, cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The LiveKit URL handed to the voice page: a loopback port nothing listens on (port 9, discard), so the connection is refused at once.</summary>
    public static string LivekitUrl(AdminApp app) => $"ws://{app.BaseAddress.Host}:9/livekit";

    /// <summary>Starts a cookie session straight through <c>POST /v1/public/login</c> (the login page has its own tests), then opens <paramref name="path"/>.</summary>
    public static async Task SignInAndGotoAsync(AdminApp app, string path, string key = PublicKey)
    {
        var origin = app.BaseAddress.GetLeftPart(UriPartial.Authority);
        var answer = await app.Context.APIRequest.PostAsync("/v1/public/login", new APIRequestContextOptions
        {
            DataObject = new Dictionary<string, string> { ["key"] = key },
            Headers = new Dictionary<string, string> { ["Origin"] = origin },
        });
        Assert.True(answer.Ok, $"The public login answered {answer.Status}.");
        await app.GotoAsync(path);
        await Expect(app.Page.GetByTestId("pub-logout")).ToBeVisibleAsync();
    }

    /// <summary>Starts the imagine loop with <paramref name="prompt"/> and waits for the first image in the grid.</summary>
    public static async Task StartImagineAsync(AdminApp app, string prompt = "a lighthouse at dawn, watercolor")
    {
        await app.Page.GetByTestId("imagine-prompt").FillAsync(prompt);
        await app.Page.GetByTestId("imagine-start").ClickAsync();
        await Expect(app.Page.GetByTestId("imagine-image").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Starts a video with <paramref name="prompt"/> and waits for the player.</summary>
    public static async Task MakeVideoAsync(AdminApp app, string prompt = "a paper boat on a rainy street")
    {
        await app.Page.GetByTestId("video-prompt").FillAsync(prompt);
        await app.Page.GetByTestId("video-start").ClickAsync();
        await Expect(app.Page.GetByTestId("video-player")).ToBeVisibleAsync(new() { Timeout = 60_000 });
    }
}
