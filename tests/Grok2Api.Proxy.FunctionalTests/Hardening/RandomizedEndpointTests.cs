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
    public async Task EveryEndpoint_HostileRequests_NoServerErrorNoReset()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = await ChatEnvironment.StartAsync(ct);
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

        await HostileRequest.Gen.SampleAsync(
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
                    Assert.True((int)response.StatusCode < 500, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            },
            seed: HostileInput.Seed,
            iter: Cases,
            threads: 2,
            print: request => request.ToString());

        Assert.True(sent >= Cases, $"only {sent} requests were sent");
    }
}
