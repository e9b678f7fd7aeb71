using System.Text;
using Grok2Api.Configuration;
using Grok2Api.Proxy.OpenAi;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Proxy.Tests.Upstream;
using Grok2Api.Storage.Tokens;
using Grok2Api.Tests.Common;
using Grok2Api.TokenPool;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Transforms.OpenAi.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Tests.Pipeline;

/// <summary>
/// The pipeline as the host builds it (the real token pool, retry policy and metrics) around a
/// scripted exchange and the OpenAI chat surface, over a <see cref="DefaultHttpContext"/>.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PipelineHarness(ServiceProvider services, RecordingSelector selector)
    {
        _services = services;
        Selector = selector;
        Pipeline = services.GetRequiredService<UpstreamPipeline>();
    }

    public UpstreamPipeline Pipeline { get; }

    public RecordingSelector Selector { get; }

    public static async Task<PipelineHarness> StartAsync(int accounts, RetrySection? retry = null)
    {
        var config = new GrokConfig { Retry = retry ?? new RetrySection { MaxRetry = 3, RetryBackoffBase = 0.01, RetryBackoffMax = 0.02, RetryBudget = 5 } };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IOptionsMonitor<GrokConfig>>(new TestOptionsMonitor<GrokConfig>(config));
        services.AddGrokConfigSections();
        services.AddSingleton<ITokenStore>(new SeededStore(accounts));
        services.AddSingleton<ITokenWriteBehind, NoWrites>();
        services.AddSingleton<ITokenQuotaClient, NoQuota>();
        services.AddGrokTokenPool();
        services.AddGrokUpstream();
        services.AddSingleton(sp => new RecordingSelector(sp.GetRequiredService<ITokenSelector>()));
        services.AddSingleton<UpstreamPipeline>(sp => ActivatorUtilities.CreateInstance<UpstreamPipeline>(sp, (ITokenSelector)sp.GetRequiredService<RecordingSelector>()));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ITokenPoolInitializer>().InitializeAsync(TestContext.Current.CancellationToken);
        return new PipelineHarness(provider, provider.GetRequiredService<RecordingSelector>());
    }

    public static DefaultHttpContext Context() => ContextAbortedBy(TestContext.Current.CancellationToken);

    public static DefaultHttpContext ContextAbortedBy(CancellationToken aborted)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        context.RequestAborted = aborted;
        return context;
    }

    public static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    public static UpstreamPlan Plan(IUpstreamExchange exchange, bool stream, TimeSpan? start = null, TimeSpan? silence = null) => new(
        "grok-4",
        new TokenRequest(PoolTier.Basic, 1),
        exchange,
        new OpenAiChatSurface(new ChatAnswerOptions { CompletionId = "chatcmpl-test", Model = "grok-4", Created = 1_700_000_000, Stream = stream }),
        new AttemptTimeouts(start ?? TimeSpan.FromSeconds(10), silence ?? TimeSpan.FromSeconds(10)));

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>The real selector, recording every lease and how it was completed.</summary>
    internal sealed class RecordingSelector(ITokenSelector inner) : ITokenSelector
    {
        public List<string> Leased { get; } = [];

        public List<LeaseOutcome> Outcomes { get; } = [];

        public bool TryLease(in TokenRequest request, ref TokenExclusions tried, out TokenLease lease)
        {
            var leased = inner.TryLease(in request, ref tried, out lease);
            if (leased)
            {
                Leased.Add(lease.TokenId);
            }

            return leased;
        }

        public bool Complete(in TokenLease lease, LeaseOutcome outcome, string? reason)
        {
            Outcomes.Add(outcome);
            return inner.Complete(in lease, outcome, reason);
        }
    }

    private sealed class SeededStore(int accounts) : ITokenStore
    {
        public Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PooledToken>>([.. Enumerable.Range(1, accounts).Select(i => new PooledToken(TokenPools.Basic, new StoredToken { Token = $"token-{i:000}-aaaaaaaaaaaaaaaaaaaa", Quota = 80 }))]);

        public Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoWrites : ITokenWriteBehind
    {
        public void Attach(ITokenSnapshotSource source)
        {
        }

        public void MarkDirty(string token)
        {
        }

        public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class NoQuota : ITokenQuotaClient
    {
        public Task<QuotaSyncResult> FetchAsync(string token, CancellationToken cancellationToken) =>
            Task.FromResult(new QuotaSyncResult(QuotaSyncStatus.Failed, null, "not in this test"));
    }
}
