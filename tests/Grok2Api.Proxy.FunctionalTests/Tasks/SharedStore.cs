using System.Collections.Concurrent;
using Grok2Api.Proxy.FunctionalTests.Tasks;
using Grok2Api.Storage;
using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Tasks;
using Grok2Api.Storage.Videos;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

[assembly: HostingStartup(typeof(SharedStoreStartup))]

namespace Grok2Api.Proxy.FunctionalTests.Tasks;

/// <summary>
/// One store that several in-process gateways share, as instances behind a load balancer share Redis or SQL:
/// batch tasks, video job records and leases (expiry by the wall clock), plus a switch that makes every call
/// fail as an unreachable store does.
/// </summary>
public sealed class SharedStore
{
    private static readonly ConcurrentDictionary<string, SharedStore> Registered = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, BatchTaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Order, VideoJobRecord Record)> _videos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, DateTimeOffset Expires)> _leases = new(StringComparer.Ordinal);
    private long _order;

    public SharedStore(TimeSpan leaseTtl) => LeaseTtl = leaseTtl;

    /// <summary>The name gateways pass as <c>--Testing:SharedStore</c>.</summary>
    public string Name { get; } = Guid.NewGuid().ToString("N");

    public TimeSpan LeaseTtl { get; }

    /// <summary>While true, every call throws <see cref="StoreUnavailableException"/>.</summary>
    public bool Down { get; set; }

    public IReadOnlyDictionary<string, BatchTaskRecord> Tasks => _tasks;

    public static SharedStore? Named(string name) => Registered.GetValueOrDefault(name);

    /// <summary>The arguments that start a gateway as instance <paramref name="instance"/> on this store.</summary>
    public string[] Arguments(string instance)
    {
        Registered[Name] = this;
        return ["--hostingStartupAssemblies=Grok2Api.Proxy.FunctionalTests", $"--Testing:SharedStore={Name}", $"--Testing:Instance={instance}"];
    }

    /// <summary>Takes a lease as <paramref name="owner"/> (a test standing in for an instance).</summary>
    public bool Acquire(string name, string owner, TimeSpan ttl)
    {
        lock (_leases)
        {
            var now = TimeProvider.System.GetUtcNow();
            if (_leases.TryGetValue(name, out var held) && held.Owner != owner && held.Expires > now)
            {
                return false;
            }

            _leases[name] = (owner, now + ttl);
            return true;
        }
    }

    public void PutTask(BatchTaskRecord record) => _tasks[record.Id] = record;

    private void Check()
    {
        if (Down)
        {
            throw new StoreUnavailableException("shared test store: down");
        }
    }

    internal sealed class TaskStore(SharedStore shared) : IBatchTaskStore
    {
        public Task<IReadOnlyList<BatchTaskRecord>> LoadAsync(CancellationToken cancellationToken)
        {
            shared.Check();
            return Task.FromResult<IReadOnlyList<BatchTaskRecord>>([.. shared._tasks.Values]);
        }

        public Task UpsertAsync(IReadOnlyList<BatchTaskRecord> tasks, CancellationToken cancellationToken)
        {
            shared.Check();
            foreach (var task in tasks)
            {
                shared._tasks[task.Id] = task;
            }

            return Task.CompletedTask;
        }

        public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            shared.Check();
            foreach (var id in ids)
            {
                shared._tasks.TryRemove(id, out _);
            }

            return Task.CompletedTask;
        }
    }

    internal sealed class VideoStore(SharedStore shared) : IVideoJobRecordStore
    {
        public Task<IReadOnlyList<VideoJobRecord>> LoadAsync(CancellationToken cancellationToken)
        {
            shared.Check();
            return Task.FromResult<IReadOnlyList<VideoJobRecord>>([.. shared._videos.Values.OrderBy(e => e.Record.CreatedAt).ThenBy(e => e.Order).Select(e => e.Record)]);
        }

        public Task<VideoJobRecord?> FindAsync(string id, CancellationToken cancellationToken)
        {
            shared.Check();
            return Task.FromResult(shared._videos.TryGetValue(id, out var entry) ? entry.Record : null);
        }

        public Task UpsertAsync(VideoJobRecord job, CancellationToken cancellationToken)
        {
            shared.Check();
            shared._videos.AddOrUpdate(job.Id, _ => (Interlocked.Increment(ref shared._order), job), (_, old) => (old.Order, job));
            return Task.CompletedTask;
        }

        public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        {
            shared.Check();
            foreach (var id in ids)
            {
                shared._videos.TryRemove(id, out _);
            }

            return Task.CompletedTask;
        }
    }

    internal sealed class Leases(SharedStore shared, StoreInstance instance) : IStoreLeases
    {
        public Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken)
        {
            shared.Check();
            return Task.FromResult(shared.Acquire(name, instance.Id, ttl));
        }

        public Task ReleaseAsync(string name, CancellationToken cancellationToken)
        {
            shared.Check();
            lock (shared._leases)
            {
                if (shared._leases.TryGetValue(name, out var held) && held.Owner == instance.Id)
                {
                    shared._leases.Remove(name);
                }
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>Puts a gateway on a <see cref="SharedStore"/> when it is started with <see cref="SharedStore.Arguments"/>.</summary>
public sealed class SharedStoreStartup : IHostingStartup
{
    public void Configure(IWebHostBuilder builder) => builder.ConfigureServices((context, services) =>
    {
        if (context.Configuration["Testing:SharedStore"] is not { } name || SharedStore.Named(name) is not { } shared)
        {
            return;
        }

        var instance = new StoreInstance(context.Configuration["Testing:Instance"] ?? "instance");
        services.AddSingleton(instance);
        services.AddSingleton<IBatchTaskStore>(new SharedStore.TaskStore(shared));
        services.AddSingleton<IVideoJobRecordStore>(new SharedStore.VideoStore(shared));
        services.AddSingleton<IStoreLeases>(new SharedStore.Leases(shared, instance));
        services.AddSingleton<IOptions<StoreLeaseOptions>>(Options.Create(new StoreLeaseOptions { Ttl = shared.LeaseTtl }));
    });
}
