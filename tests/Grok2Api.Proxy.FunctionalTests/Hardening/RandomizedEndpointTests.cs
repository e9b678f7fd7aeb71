using CsCheck;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Tests.Common;

namespace Grok2Api.Proxy.FunctionalTests.Hardening;

/// <summary>
/// A seeded random walk over every public and admin endpoint of the gateway on real Kestrel, in front
/// of the simulator: bad bodies, wrong types, deep nesting, invalid encodings, hostile headers and
/// paths. Whatever arrives, the gateway answers below 500 and never resets the connection. A failure
/// prints the seed (and the smallest failing request found); set <see cref="HostileInput.SeedVariable"/>
/// to replay it.
/// </summary>
public sealed class RandomizedEndpointTests
{
    private const int Cases = 1200;

    [Fact]
    public Task EveryEndpoint_HostileRequests_NoServerErrorNoReset() => RunAsync(HostileRequest.Gen);

    [Fact]
    public Task AdminEndpoints_AuthenticatedHostileRequests_NoServerErrorNoReset() => RunAsync(HostileRequest.AuthenticatedAdmin);

    [Fact]
    public Task BatchTasks_HostileCreateBodies_NoServerErrorNoReset() => RunAsync(HostileRequest.Tasks, 300);

    [Fact]
    public Task ImageEdits_HostileMultipartForms_NoServerErrorNoReset() => RunAsync(HostileImageEditForm.Requests);

    [Fact]
    public Task Videos_HostileMultipartForms_NoServerErrorNoReset() => RunAsync(HostileImageEditForm.VideoRequests, 300);

    [Fact]
    public Task ImageEndpoints_HostileRequests_NoServerErrorNoReset() => RunAsync(HostileRequest.Images, 300);

    [Fact]
    public Task AgentEndpoints_HostileToolsResponsesAndMessages_NoServerErrorNoReset() => RunAsync(HostileAgentRequest.Requests, 400);

    [Fact]
    public Task PublicPlayground_HostileRequests_NoServerErrorNoReset() => RunAsync(HostileRequest.Public, 400, new ChatSettings
    {
        App = "public_enabled = true\npublic_key = \"\"",
        Asset = "\n[public]\nmax_sessions = 1000\nmax_sessions_per_client = 1000\nsession_ttl = 5\n",
    });

    private static async Task RunAsync(CsCheck.Gen<HostileRequest> requests, int cases = Cases, ChatSettings? settings = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct, settings);
        await env.AddTwoTokensAsync(ct);
        // Latin-1 header encoding lets non-ASCII header bytes reach the server, as a hostile client would send them.
        using var client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.Latin1,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var sent = 0;
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();

        await requests.SampleAsync(
            async request =>
            {
                Interlocked.Increment(ref sent);
                using var message = request.ToMessage(env.Gateway.BaseAddress);
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct);
                }
                catch (HttpRequestException ex)
                {
                    Assert.Fail($"The connection failed ({ex.HttpRequestError}): {ex.Message}");
                    return;
                }

                using (response)
                {
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    Assert.True((int)response.StatusCode < 500, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            },
            seed: HostileInput.Seed,
            iter: cases,
            threads: 2,
            print: request => request.ToString());

        Assert.True(sent >= cases, $"only {sent} requests were sent");

        // The requests reached the handlers: some were served, some refused as bad input.
        var seen = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        TestContext.Current.SendDiagnosticMessage($"{sent} requests; statuses {seen}");
        Assert.Contains(statuses.Keys, status => status is >= 200 and < 300);
        Assert.Contains(statuses.Keys, status => status == 400);
    }
}
