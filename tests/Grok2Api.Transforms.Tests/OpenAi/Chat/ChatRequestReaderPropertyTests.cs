using CsCheck;
using Grok2Api.Tests.Common;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Transforms.Tests.OpenAi.Chat;

/// <summary>
/// Whatever the body, the chat readers answer with a valid request or a clear 4xx error naming what is
/// wrong; they never throw. Seeded: a failure prints the seed, and <see cref="HostileInput.SeedVariable"/>
/// replays it.
/// </summary>
public sealed class ChatRequestReaderPropertyTests
{
    [Fact]
    public void Read_AnyBody_ValidRequestOrAnInvalidRequestError()
    {
        HostileInput.Body.Sample(
            body =>
            {
                var read = ChatRequestReader.Read(body);
                if (!read.Succeeded)
                {
                    Assert.Equal("invalid_request_error", read.Error.Type);
                    Assert.False(string.IsNullOrWhiteSpace(read.Error.Code));
                    Assert.False(string.IsNullOrWhiteSpace(read.Error.Message));
                }
            },
            seed: HostileInput.Seed,
            iter: 3000,
            print: HostileInput.Describe);
    }

    [Fact]
    public void SurfaceReader_AnyBody_RequestOrA4xx()
    {
        HostileInput.Body.Sample(
            body =>
            {
                if (ChatSurfaceReader.TryRead(body, out var request, out var status, out var error))
                {
                    Assert.Equal(200, status);
                    Assert.True(request.Prompt.HasText);
                }
                else
                {
                    Assert.InRange(status, 400, 499);
                    Assert.False(string.IsNullOrWhiteSpace(error.Error.Message));
                }
            },
            seed: HostileInput.Seed,
            iter: 3000,
            print: HostileInput.Describe);
    }
}
