using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grok2Api.LoadBench.Load;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Grok2Api.LoadBench.Hosting;

/// <summary>
/// The throughput scenario's framework peer: this program started again in a hidden mode
/// (<c>bare-chat PORT SIMULATOR REQUEST-FILE</c>), the least a chat gateway on ASP.NET Core has to do
/// for one non-stream chat, with no code of the gateway's. For each <c>POST /v1/chat/completions</c> it
/// parses the OpenAI body, writes the upstream payload (the recorded one, with the prompt of the
/// request in its <c>message</c>), sends it with the recorded browser headers through one pooled
/// <see cref="SocketsHttpHandler"/>, reads the answer's lines and joins their <c>token</c> strings, and
/// writes a <c>chat.completion</c> object. It has no token pool, no retries, no request log, no metrics,
/// no middleware, and the gateway's runtime settings (workstation non-concurrent GC, no thread-pool
/// spinning). Its CPU per request is what Kestrel, HttpClient and System.Text.Json cost for the chat hop
/// on this machine; the gateway's CPU above it is the gateway's own code.
/// </summary>
internal static class BareChat
{
    /// <summary>The hidden first argument that runs the bare chat forwarder instead of a scenario.</summary>
    public const string Mode = "bare-chat";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Starts the forwarder as a child process on a free loopback port, replaying <paramref name="recorded"/> to <paramref name="simulator"/>.</summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartAsync(
        Uri simulator, JsonObject recorded, IReadOnlyDictionary<string, string> extra, string workingDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workingDirectory);
        var requestFile = Path.Combine(workingDirectory, "upstream-request.json");
        await File.WriteAllTextAsync(requestFile, recorded.ToJsonString(), cancellationToken);
        return await BareYarp.StartPeerAsync("bare-chat", Mode, [simulator.ToString(), requestFile], extra, workingDirectory, cancellationToken);
    }

    /// <summary>Runs the forwarder until SIGTERM.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var port = int.Parse(args[1], CultureInfo.InvariantCulture);
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(args[3]))!.AsObject();
        var upstream = new Upstream(
            new Uri(new Uri(args[2]), recorded["path"]!.GetValue<string>()),
            JsonDocument.Parse(Convert.FromBase64String(recorded["bodyBase64"]!.GetValue<string>())),
            ChatTargets.ReplayedHeaders(recorded));
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddRouting();
        await using var app = builder.Build();
        app.MapPost("/v1/chat/completions", (HttpContext context) => ForwardAsync(context, invoker, upstream));
        await app.RunAsync();
        return 0;
    }

    private static async Task ForwardAsync(HttpContext context, HttpMessageInvoker invoker, Upstream upstream)
    {
        var cancellationToken = context.RequestAborted;
        string model;
        string prompt;
        using (var body = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken))
        {
            if (!body.RootElement.TryGetProperty("model", out var modelElement)
                || !body.RootElement.TryGetProperty("messages", out var messages)
                || messages.GetArrayLength() == 0
                || !messages[messages.GetArrayLength() - 1].TryGetProperty("content", out var content))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            model = modelElement.GetString() ?? "";
            prompt = content.GetString() ?? "";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, upstream.Uri) { Content = upstream.Payload(prompt) };
        foreach (var (name, value) in upstream.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await invoker.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        var answer = new StringBuilder();
        var lines = 0;
        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (true)
        {
            var read = await reader.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            while (buffer.PositionOf((byte)'\n') is { } end)
            {
                lines++;
                AppendTokens(buffer.Slice(0, end), answer);
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                AppendTokens(buffer, answer);
                break;
            }
        }

        await reader.CompleteAsync();
        context.Response.ContentType = "application/json";
        using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("id", "chatcmpl-" + Guid.NewGuid().ToString("N"));
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", answer.ToString());
        writer.WriteEndObject();
        writer.WriteString("finish_reason", "stop");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", prompt.Length / 4);
        writer.WriteNumber("completion_tokens", lines);
        writer.WriteNumber("total_tokens", prompt.Length / 4 + lines);
        writer.WriteEndObject();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Appends every <c>token</c> string of one answer line (a reasoning token would be one too; the bench's answers have none).</summary>
    private static void AppendTokens(ReadOnlySequence<byte> line, StringBuilder answer)
    {
        if (line.IsEmpty)
        {
            return;
        }

        var json = new Utf8JsonReader(line);
        while (json.Read())
        {
            if (json.TokenType == JsonTokenType.PropertyName && json.ValueTextEquals("token"u8) && json.Read() && json.TokenType == JsonTokenType.String)
            {
                answer.Append(json.GetString());
            }
        }
    }

    /// <summary>The recorded upstream call: where it goes, its payload, its headers.</summary>
    private sealed class Upstream(Uri uri, JsonDocument payload, IReadOnlyList<(string Name, string Value)> headers)
    {
        public Uri Uri { get; } = uri;

        public IReadOnlyList<(string Name, string Value)> Headers { get; } = headers;

        /// <summary>The recorded payload with <paramref name="prompt"/> as its <c>message</c>, written afresh as a gateway would.</summary>
        public ByteArrayContent Payload(string prompt)
        {
            var buffer = new ArrayBufferWriter<byte>(2048);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var property in payload.RootElement.EnumerateObject())
                {
                    if (property.NameEquals("message"u8))
                    {
                        writer.WriteString("message", prompt);
                    }
                    else
                    {
                        property.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
            content.Headers.ContentType = Json;
            return content;
        }
    }
}
