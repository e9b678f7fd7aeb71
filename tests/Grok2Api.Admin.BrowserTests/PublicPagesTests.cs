using System.Net;
using System.Text.RegularExpressions;
using Grok2Api.Admin.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grok2Api.Admin.BrowserTests;

/// <summary>
/// The public pages (the playground) in the browser against the real public API and the simulator:
/// the gate (404 while off, the key, an open playground), imagine, video and voice.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublicPagesTests(ChromiumFixture chromium)
{
    private static readonly string[] PagePaths = ["/login", "/imagine", "/video", "/voice"];

    [Fact]
    public async Task Public_pages_and_their_assets_answer_404_while_the_playground_is_off()
    {
        await using var app = await AdminApp.StartAsync(chromium, TestContext.Current.CancellationToken);
        var asset = Regex.Match(File.ReadAllText(PlaygroundPage()), "src=\"(?<url>/public/assets/[^\"]+\\.js)\"").Groups["url"].Value;
        Assert.NotEmpty(asset);

        foreach (var path in PagePaths)
        {
            var response = await app.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        }

        Assert.Equal((int)HttpStatusCode.NotFound, (await app.Page.APIRequest.GetAsync(asset)).Status);
        Assert.Equal((int)HttpStatusCode.NotFound, (await app.Page.APIRequest.GetAsync("/v1/public/verify")).Status);
        // The admin app is still there.
        Assert.Equal((int)HttpStatusCode.OK, (await app.GotoAsync("/admin/login"))!.Status);
    }

    [Fact]
    public async Task The_public_key_logs_in_to_imagine_a_wrong_key_is_refused_and_log_out_returns_to_login()
    {
        await using var app = await Playground.StartAsync(chromium, TestContext.Current.CancellationToken);
        await app.GotoAsync("/imagine");
        await Expect(app.Page).ToHaveURLAsync(new Regex("/login$"));

        await app.Page.GetByTestId("pub-login-key").FillAsync("not-the-public-key");
        await app.Page.GetByTestId("pub-login-submit").ClickAsync();
        await Expect(app.Page.GetByTestId("pub-login-error")).ToHaveTextAsync("That key is not right.");
        await Expect(app.Page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.DoesNotContain(await app.Context.CookiesAsync(), c => c.Name == "grok2api_public");

        await app.Page.GetByTestId("pub-login-key").FillAsync(Playground.PublicKey);
        await app.Page.GetByTestId("pub-login-key").PressAsync("Enter");

        await Expect(app.Page).ToHaveURLAsync(new Regex("/imagine$"));
        await Expect(app.Page.GetByRole(AriaRole.Heading, new() { Name = "Imagine waterfall" })).ToBeVisibleAsync();
        Assert.Contains(await app.Context.CookiesAsync(), c => c.Name == "grok2api_public" && c.HttpOnly);
        var stored = await app.Page.EvaluateAsync<string>("() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href");
        Assert.DoesNotContain(Playground.PublicKey, stored, StringComparison.Ordinal);

        // The links between the pages.
        await app.Page.GetByTestId("pub-nav-video").ClickAsync();
        await Expect(app.Page).ToHaveURLAsync(new Regex("/video$"));
        await Expect(app.Page.GetByTestId("video-prompt")).ToBeVisibleAsync();
        await app.Page.GetByTestId("pub-nav-voice").ClickAsync();
        await Expect(app.Page).ToHaveURLAsync(new Regex("/voice$"));
        await Expect(app.Page.GetByTestId("voice-connect")).ToBeVisibleAsync();
        await app.Page.ReloadAsync();
        await Expect(app.Page.GetByTestId("voice-connect")).ToBeVisibleAsync();

        await app.Page.GetByTestId("pub-logout").ClickAsync();
        await Expect(app.Page).ToHaveURLAsync(new Regex("/login$"));
        await Expect(app.Page.GetByTestId("pub-login-key")).ToBeVisibleAsync();
        Assert.DoesNotContain(await app.Context.CookiesAsync(), c => c.Name == "grok2api_public");
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await app.Page.APIRequest.GetAsync("/v1/public/verify")).Status);
        Assert.DoesNotContain(app.Requests, url => new Uri(url).AbsolutePath.StartsWith("/admin", StringComparison.Ordinal) || url.Contains("/v1/admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_open_playground_skips_the_login_page()
    {
        await using var app = await Playground.StartAsync(chromium, TestContext.Current.CancellationToken, publicKey: "");

        await app.GotoAsync("/login");

        await Expect(app.Page).ToHaveURLAsync(new Regex("/imagine$"));
        await Expect(app.Page.GetByTestId("imagine-prompt")).ToBeVisibleAsync();
        await Expect(app.Page.GetByTestId("pub-login-key")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("auto", "/v1/public/imagine/ws")]
    [InlineData("sse", "/v1/public/imagine/sse")]
    public async Task Imagine_shows_the_simulators_images_as_they_come_and_stop_ends_the_tasks(string mode, string stream)
    {
        await using var app = await Playground.StartAsync(chromium, TestContext.Current.CancellationToken);
        await Playground.SignInAndGotoAsync(app, "/imagine");
        await app.Page.GetByTestId("imagine-mode").SelectOptionAsync(mode);
        await app.Page.GetByTestId("imagine-parallel").SelectOptionAsync("2");

        // Keyboard only: the prompt, then Ctrl+Enter.
        await app.Page.GetByTestId("imagine-prompt").FocusAsync();
        await app.Page.Keyboard.TypeAsync("a lighthouse at dawn");
        await app.Page.Keyboard.PressAsync("Control+Enter");

        await Expect(app.Page.GetByTestId("imagine-image").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(app.Page.GetByTestId("imagine-state")).ToHaveAttributeAsync("data-state", "running");
        Assert.Contains(app.Requests, url => url.Contains(stream + "?task_id=", StringComparison.Ordinal));
        var src = await app.Page.GetByTestId("imagine-image").First.Locator("img").GetAttributeAsync("src");
        Assert.Matches("^data:image/(jpeg|png|webp);base64,", src);
        Assert.True(int.Parse(await app.Page.GetByTestId("stat-images").GetAttributeAsync("data-value") ?? "0") >= 1);
        Assert.Equal("2", await app.Page.GetByTestId("stat-active").GetAttributeAsync("data-value"));

        await app.Page.GetByTestId("imagine-stop").ClickAsync();

        await Expect(app.Page.GetByTestId("imagine-state")).ToHaveAttributeAsync("data-state", "idle");
        await Expect(app.Page.GetByTestId("stat-active")).ToHaveAttributeAsync("data-value", "0");
        await Expect(app.Page.GetByTestId("imagine-start")).ToBeEnabledAsync();
        Assert.Contains(app.Requests, url => url.EndsWith("/v1/public/imagine/stop", StringComparison.Ordinal));

        // Select two images and download them as one ZIP.
        await Expect(app.Page.GetByTestId("imagine-image").Nth(1)).ToBeVisibleAsync();
        await app.Page.GetByTestId("imagine-select").Nth(0).CheckAsync();
        await app.Page.GetByTestId("imagine-select").Nth(1).CheckAsync();
        var download = await app.Page.RunAndWaitForDownloadAsync(() => app.Page.GetByTestId("imagine-download").ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!, TestContext.Current.CancellationToken);
        Assert.Equal((byte)'P', bytes[0]);
        Assert.Equal((byte)'K', bytes[1]);
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        Assert.Equal(2, archive.Entries.Count);
        Assert.All(archive.Entries, entry => Assert.True(entry.Length > 0));
        Assert.Empty(app.PageErrors);
    }

    [Fact]
    public async Task Imagine_past_the_session_limit_says_to_wait_and_runs_the_tasks_it_got()
    {
        // [public] max_sessions_per_client is 2 by default: the third of three parallel tasks is refused.
        await using var app = await Playground.StartAsync(chromium, TestContext.Current.CancellationToken);
        await Playground.SignInAndGotoAsync(app, "/imagine");
        await app.Page.GetByTestId("imagine-parallel").SelectOptionAsync("3");

        await Playground.StartImagineAsync(app);

        await Expect(app.Page.GetByTestId("imagine-error")).ToContainTextAsync("Too many sessions are running. Wait");
        await Expect(app.Page.GetByTestId("stat-active")).ToHaveAttributeAsync("data-value", "2");
        await app.Page.GetByTestId("imagine-stop").ClickAsync();
        await Expect(app.Page.GetByTestId("stat-active")).ToHaveAttributeAsync("data-value", "0");
    }

    [Fact]
    public async Task Leaving_the_imagine_page_stops_its_tasks()
    {
        await using var app = await Playground.StartAsync(chromium, TestContext.Current.CancellationToken);
        await Playground.SignInAndGotoAsync(app, "/imagine");
        await Playground.StartImagineAsync(app);

        var stop = await app.Page.RunAndWaitForRequestAsync(
            () => app.Page.GetByTestId("pub-nav-video").ClickAsync(),
            request => request.Url.EndsWith("/v1/public/imagine/stop", StringComparison.Ordinal));

        await Expect(app.Page.GetByTestId("video-prompt")).ToBeVisibleAsync();
        Assert.Contains("task_ids", stop.PostData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Video_shows_progress_then_a_player_of_the_generated_video()
    {
        await using var app = await Playground.StartAsync(chromium, TestContext.Current.CancellationToken);
        await Playground.SignInAndGotoAsync(app, "/video");
        await app.Page.GetByTestId("video-length").SelectOptionAsync("10");
        await app.Page.GetByTestId("video-resolution").SelectOptionAsync("720p");
        await Expect(app.Page.GetByTestId("video-show-progress")).ToBeCheckedAsync();
        // Every value the progress bar shows, however fast the simulator is.
        await app.Page.EvaluateAsync(
            """
            () => {
              window.progressSeen = [];
              const note = (el) => el.dataset?.testid === 'video-progress' && window.progressSeen.push(el.getAttribute('data-value'));
              new MutationObserver((records) => records.forEach((r) => r.type === 'attributes' ? note(r.target) : r.addedNodes.forEach((n) => n.querySelectorAll && [n, ...n.querySelectorAll('[data-testid]')].forEach(note))))
                .observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });
            }
            """);

        await Playground.MakeVideoAsync(app);

        await Expect(app.Page.GetByTestId("video-status")).ToHaveAttributeAsync("data-status", "done");
        await Expect(app.Page.GetByTestId("video-progress")).ToHaveAttributeAsync("data-value", "100");
        // The percentages came from the stream's reasoning text, rising.
        var seen = (await app.Page.EvaluateAsync<string[]>("() => window.progressSeen")).Where(v => v.Length > 0).Select(double.Parse).ToList();
        Assert.Contains(seen, value => value is > 0 and < 100);
        Assert.Equal(seen.Order(), seen);
        var src = await app.Page.GetByTestId("video-player").GetAttributeAsync("src");
        Assert.StartsWith("/v1/files/video/", src, StringComparison.Ordinal);
        Assert.Equal(src, await app.Page.GetByTestId("video-download").GetAttributeAsync("href"));
        var video = await app.Page.APIRequest.GetAsync(src!);
        Assert.Equal((int)HttpStatusCode.OK, video.Status);
        Assert.Contains(app.Requests, url => url.Contains("/v1/public/video/sse?task_id=", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Requests, url => url.Contains("livekit", StringComparison.Ordinal));
        Assert.Empty(app.PageErrors);
    }

    [Fact]
    public async Task Voice_fetches_a_token_and_reports_that_the_connection_failed()
    {
        await using var app = await Playground.StartAsync(chromium, TestContext.Current.CancellationToken);
        await Playground.SignInAndGotoAsync(app, "/voice");
        await app.Page.GetByTestId("voice-voice").SelectOptionAsync("eve");
        await app.Page.GetByTestId("voice-personality").SelectOptionAsync("storyteller");

        Assert.DoesNotContain(app.Requests, url => url.Contains("livekit-client", StringComparison.Ordinal));

        var token = await app.Page.RunAndWaitForResponseAsync(
            () => app.Page.GetByTestId("voice-connect").ClickAsync(),
            response => response.Url.Contains("/v1/public/voice/token?", StringComparison.Ordinal));

        Assert.Equal((int)HttpStatusCode.OK, token.Status);
        Assert.Contains("voice=eve&personality=storyteller&speed=1.0", token.Url, StringComparison.Ordinal);
        await Expect(app.Page.GetByTestId("voice-url")).ToHaveTextAsync(Playground.LivekitUrl(app));
        // The LiveKit client is loaded now, and only now; no server answers it, which the page says.
        await Expect(app.Page.GetByTestId("voice-state")).ToHaveAttributeAsync("data-state", "failed", new() { Timeout = 45_000 });
        await Expect(app.Page.GetByTestId("voice-error")).ToContainTextAsync("The voice service could not be reached");
        Assert.Contains(app.Requests, url => url.Contains("/public/assets/livekit-client", StringComparison.Ordinal));
        Assert.Contains(app.Requests, url => url.StartsWith(Playground.LivekitUrl(app), StringComparison.Ordinal));
        await Expect(app.Page.GetByTestId("voice-connect")).ToBeEnabledAsync();
        await Expect(app.Page.GetByTestId("voice-disconnect")).ToBeDisabledAsync();
        Assert.Empty(app.PageErrors);
    }

    [Fact]
    public async Task Voice_reports_a_token_the_service_could_not_get()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        // No account in the pool: the token route answers 503 no_token.
        await using var app = await Playground.StartAsync(chromium, cancellationToken, accounts: 0);
        await Playground.SignInAndGotoAsync(app, "/voice");

        await app.Page.GetByTestId("voice-connect").ClickAsync();

        await Expect(app.Page.GetByTestId("voice-state")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(app.Page.GetByTestId("voice-error")).ToHaveTextAsync("No account is available for a voice token.");
        Assert.DoesNotContain(app.Requests, url => url.Contains("livekit-client", StringComparison.Ordinal));
    }

    /// <summary>The built page of the public pages (admin-spa/dist-public/playground.html).</summary>
    internal static string PlaygroundPage()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "admin-spa", "dist-public", "playground.html");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("admin-spa/dist-public/playground.html was not built.");
    }
}
