using Grok2Api.Configuration;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Local;
using Grok2Api.Storage.Original;
using Grok2Api.Storage.Responses;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Tokens;
using Grok2Api.Storage.Videos;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Local;

/// <summary>
/// A stand-in for a shared store: the local files of another directory, with a seeded marker and
/// leases that can be held by "another instance".
/// </summary>
internal sealed class UnseededBackend(string directory, TimeProvider time) : IStorageBackend
{
    private readonly LocalStorageBackend _inner = new(new StorageSettings(directory, StorageKind.Local, ""), new StoreInstance("target"), time, NullLoggerFactory.Instance);

    public bool Seeded { get; set; }

    public int MarkCalls { get; private set; }

    public FakeLeases FakeLeaseStore { get; } = new();

    public string Kind => "fake";

    public string Describe => "fake store";

    public StoreHealth Health => _inner.Health;

    /// <summary>Replaces the token store when set (e.g. a slow one wrapping <see cref="LocalTokens"/>).</summary>
    public ITokenStore? TokensOverride { get; set; }

    /// <summary>The local token store underneath.</summary>
    public ITokenStore LocalTokens => _inner.Tokens;

    public ITokenStore Tokens => TokensOverride ?? _inner.Tokens;

    public ITokenChangeFeed? TokenChanges => null;

    public IConfigStore Config => _inner.Config;

    public IBatchTaskStore Tasks => _inner.Tasks;

    public IVideoJobRecordStore VideoJobs => _inner.VideoJobs;

    public IResponseRecordStore Responses => _inner.Responses;

    /// <summary>Replaces <see cref="FakeLeaseStore"/> when set (e.g. leases shared with "other instances").</summary>
    public IStoreLeases? LeasesOverride { get; set; }

    public IStoreLeases Leases => LeasesOverride ?? FakeLeaseStore;

    public IOriginalStoreReader? Original { get; set; }

    public Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> IsSeededAsync(CancellationToken cancellationToken) => Task.FromResult(Seeded);

    public Task MarkSeededAsync(CancellationToken cancellationToken)
    {
        Seeded = true;
        MarkCalls++;
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    internal sealed class FakeLeases : IStoreLeases
    {
        /// <summary>Set while "another instance" holds every lease.</summary>
        public bool HeldElsewhere { get; set; }

        /// <summary>Called on each refused attempt.</summary>
        public Action? Refused { get; set; }

        public List<string> Acquired { get; } = [];

        public List<string> Released { get; } = [];

        public Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
        {
            if (HeldElsewhere)
            {
                Refused?.Invoke();
                return Task.FromResult(false);
            }

            Acquired.Add(name);
            return Task.FromResult(true);
        }

        public Task ReleaseAsync(string name, CancellationToken cancellationToken)
        {
            Released.Add(name);
            return Task.CompletedTask;
        }
    }
}
