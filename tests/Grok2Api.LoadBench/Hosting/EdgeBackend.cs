using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// The edge scenario's backend: this very program started again in a hidden mode
/// (<c>edge-backend PORT</c>), a bare Kestrel with one request delegate and no routing, logging or
/// middleware. A GET answers a fixed small JSON; a POST answers its own body (echoed). Every proxy
/// in the scenario forwards to the same backend process, so its cost is the same for all of them.
/// </summary>
internal static class EdgeBackend
{
    /// <summary>The hidden first argument that runs the backend instead of a scenario.</summary>
    public const string Mode = "edge-backend";

    /// <summary>The answer to a GET.</summary>
    public static readonly byte[] GetAnswer = Encoding.UTF8.GetBytes("""{"id":"edge-1","object":"item","ok":true,"n":42}""");

    /// <summary>Starts the backend as a child process on a free loopback port.</summary>
    public static ChildProcess Start(string workingDirectory, out Uri url)
    {
        var port = FreePort.Next();
        url = new Uri($"http://127.0.0.1:{port}/");
        var self = typeof(EdgeBackend).Assembly.Location;
        return ChildProcess.Start(
            "backend",
            self,
            [Mode, port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" },
            workingDirectory);
    }

    /// <summary>Runs the backend until SIGTERM.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        await using var app = builder.Build();
        app.Run(AnswerAsync);
        await app.RunAsync();
        return 0;
    }

    private static async Task AnswerAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        if (HttpMethods.IsGet(context.Request.Method))
        {
            response.Headers.ContentLength = GetAnswer.Length;
            await response.BodyWriter.WriteAsync(GetAnswer, context.RequestAborted);
            return;
        }

        // Echo: read the whole (small) body, then answer it with its length known.
        var reader = context.Request.BodyReader;
        while (true)
        {
            var read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted)
            {
                response.Headers.ContentLength = read.Buffer.Length;
                foreach (var segment in read.Buffer)
                {
                    response.BodyWriter.Write(segment.Span);
                }

                reader.AdvanceTo(read.Buffer.End);
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
