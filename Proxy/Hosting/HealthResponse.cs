using Grok2Api.Storage;

namespace Grok2Api.Proxy.Hosting;

/// <summary>The body of <c>GET /health</c> (snake_case).</summary>
/// <param name="Status">Always <c>ok</c> once the service accepts requests: a store outage does not stop it serving.</param>
/// <param name="Instance">This process among the instances sharing a store (<c>StoreInstance.Id</c>).</param>
/// <param name="Store">The store's type and reachability.</param>
internal sealed record HealthResponse(string Status, string Instance, StoreHealthView Store);
