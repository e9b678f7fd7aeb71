using Microsoft.AspNetCore.HttpOverrides;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Applies <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> (ASP.NET Core's
/// <see cref="ForwardedHeadersMiddleware"/>) only for peers listed in <c>app.trusted_proxies</c>,
/// read live: an edit of the list builds a new forwarded-headers middleware for the next request. With
/// the list empty (the default) nothing is trusted and the headers change nothing. Behind a trusted
/// proxy the request's client address and scheme become the forwarded ones, which the admin cookie's
/// Secure flag, the failed-authentication limit and the admin loopback rule then use. The walk
/// through <c>X-Forwarded-For</c> stops at the first hop that is not a trusted proxy, so a client
/// cannot claim to be loopback by prepending addresses. <c>X-Forwarded-Host</c> is never applied.
/// </summary>
internal sealed class TrustedProxiesMiddleware(RequestDelegate next, IOptionsMonitor<AppSection> app, ILoggerFactory loggerFactory)
{
    private ForwardingState? _state;

    public Task InvokeAsync(HttpContext context)
    {
        var trusted = app.CurrentValue.TrustedProxies;
        if (trusted.Count == 0)
        {
            return next(context);
        }

        var state = Volatile.Read(ref _state);
        if (state is null || !state.Source.SequenceEqual(trusted, StringComparer.Ordinal))
        {
            state = new ForwardingState(trusted, Create(trusted));
            Volatile.Write(ref _state, state);
        }

        return state.Middleware.Invoke(context);
    }

    private ForwardedHeadersMiddleware Create(IReadOnlyList<string> trusted)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,

            // Every trusted hop is unwrapped; the walk stops at the first address that is not trusted.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            // Validation admits only entries that parse; anything else is skipped, never trusted.
            if (NetworkEntries.TryParseNetwork(entry, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }

        return new ForwardedHeadersMiddleware(next, loggerFactory, Options.Create(options));
    }

    private sealed record ForwardingState(IReadOnlyList<string> Source, ForwardedHeadersMiddleware Middleware);
}
