namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// <c>dotnet Grok2Api.Proxy.dll --healthcheck</c>: asks the running service's <c>/health</c> on
/// loopback and exits 0 when it answers 200. The container image has no curl; this is its HEALTHCHECK.
/// </summary>
internal static class HealthProbe
{
    public const string Switch = "--healthcheck";

    public static async Task<int> RunAsync()
    {
        var port = Environment.GetEnvironmentVariable("SERVER_PORT");
        var url = $"http://127.0.0.1:{(string.IsNullOrWhiteSpace(port) ? "8000" : port.Trim())}/health";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (HttpRequestException)
        {
            return 1;
        }
        catch (TaskCanceledException)
        {
            return 1;
        }
    }
}
