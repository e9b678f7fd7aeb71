using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using Grok2Api.Proxy.FunctionalTests.Chat;
using Grok2Api.Simulator.Assets;
using OpenAI;
using OpenAI.Images;

namespace Grok2Api.Proxy.FunctionalTests.Images.Edits;

/// <summary>
/// What the image-edit tests share: source images of each type (only their first bytes make them
/// PNG, JPEG or WebP, which is all the gateway checks), the official SDK's image client, raw
/// multipart posts, and the bytes the simulator serves for an edit's results.
/// </summary>
internal static class ImageEditKit
{
    public const string Model = "grok-imagine-1.0-edit";

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static byte[] Png(byte seed = 1) => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, seed, 2, 3, 4, 5, 6, 7];

    public static byte[] Jpeg(byte seed = 1) => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, seed, 9, 0xFF, 0xD9];

    public static byte[] Webp(byte seed = 1) => [.. "RIFF"u8, 20, 0, 0, 0, .. "WEBP"u8, .. "VP8 "u8, seed, 1, 2, 3];

    public static byte[] Gif() => [.. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0];

    /// <summary>The official SDK's image client for the gateway's <c>/v1</c>, no SDK retries.</summary>
    public static ImageClient Sdk(ChatEnvironment env, string model = Model) =>
        new(model, new ApiKeyCredential("sk-any-key"), new OpenAIClientOptions
        {
            Endpoint = new Uri(env.Gateway.BaseAddress, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Bound,
        });

    /// <summary>A form with the prompt, the images (as <paramref name="imageField"/>) and extra fields.</summary>
    public static MultipartFormDataContent Form(string prompt, IEnumerable<byte[]> images, string imageField = "image", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(prompt), "prompt");
        var i = 0;
        foreach (var image in images)
        {
            var part = new ByteArrayContent(image);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, imageField, $"source-{i++}.bin");
        }

        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    /// <summary>POSTs a form to <c>/v1/images/edits</c>; the caller disposes the answer.</summary>
    public static async Task<HttpResponseMessage> PostAsync(ChatEnvironment env, HttpContent content, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/images/edits") { Content = content };
        return await env.Http.SendAsync(request, completion, cancellationToken).WaitAsync(Bound, cancellationToken);
    }

    /// <summary>The bytes the simulator serves for every image its edits returned, oldest first.</summary>
    public static List<byte[]> EditedImages(ChatEnvironment env) =>
        [.. env.Simulator.ImageEdits.Received.SelectMany(r => r.GeneratedImageUrls).Select(AssetStore.DefaultContent)];
}
