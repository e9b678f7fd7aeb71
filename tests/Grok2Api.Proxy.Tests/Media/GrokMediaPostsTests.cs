using Grok2Api.Simulator;
using Grok2Api.Simulator.Faults;
using Grok2Api.Transforms.Conversations;

namespace Grok2Api.Proxy.Tests.Media;

public sealed class GrokMediaPostsTests : IAsyncLifetime
{
    private const string Token = MediaTestServices.Token;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private GrokSimulator _sim = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _sim = await GrokSimulator.StartAsync(cancellationToken: Ct).WaitAsync(Bound, Ct);

    public async ValueTask DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task CreateVideoPost_ReturnsTheIdTheUpstreamRecorded()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(_sim.BaseUri));

        var result = await services.MediaPosts.CreateVideoPostAsync(Token, "a cat surfing", Ct).WaitAsync(Bound, Ct);

        Assert.Null(result.Failure);
        var post = Assert.Single(_sim.MediaPosts.All);
        Assert.Equal(post.Id, result.PostId);
        Assert.Equal(("MEDIA_POST_TYPE_VIDEO", "a cat surfing", Token), (post.MediaType, post.Prompt, post.Token));
    }

    [Fact]
    public async Task CreateImagePost_UnknownImage_IsAFailureValueAndNoPost()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(_sim.BaseUri));

        var result = await services.MediaPosts.CreateImagePostAsync(Token, $"{_sim.BaseUrl}/users/nobody/none/content", Ct).WaitAsync(Bound, Ct);

        Assert.Null(result.PostId);
        Assert.Equal((UpstreamFailureKind.UnexpectedStatus, 400), (result.Failure?.Kind, result.Failure?.Status));
        Assert.Empty(_sim.MediaPosts.All);
    }

    [Fact]
    public async Task CreateVideoPost_RateLimited_IsReportedAtOnceWithoutARetryOnTheSameAccount()
    {
        await using var services = MediaTestServices.Create(MediaTestServices.ConfigFor(_sim.BaseUri));
        _sim.Faults.Enqueue(null, Fault.RateLimited("7").OnlyFor(UpstreamPaths.MediaPostCreate));

        var result = await services.MediaPosts.CreateVideoPostAsync(Token, "a cat", Ct).WaitAsync(Bound, Ct);

        Assert.Equal(UpstreamFailureKind.RateLimited, result.Failure?.Kind);
        Assert.Equal(1, _sim.RequestCount(Token, UpstreamPaths.MediaPostCreate));
        Assert.Empty(_sim.MediaPosts.All);
    }
}
