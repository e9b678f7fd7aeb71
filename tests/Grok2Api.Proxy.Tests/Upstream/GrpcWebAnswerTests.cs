using System.Text;
using Grok2Api.Proxy.Upstream;

namespace Grok2Api.Proxy.Tests.Upstream;

public sealed class GrpcWebAnswerTests
{
    [Fact]
    public void NsfwRequestBody_IsTheDocumentedFrame()
    {
        byte[] expected =
        [
            0x00, 0x00, 0x00, 0x00, 0x20, 0x0a, 0x02, 0x10, 0x01, 0x12, 0x1a, 0x0a, 0x18,
            .. "always_show_nsfw_content"u8,
        ];

        Assert.Equal(37, GrokAccountClient.NsfwRequestBody.Length);
        Assert.Equal(expected, GrokAccountClient.NsfwRequestBody);
    }

    [Fact]
    public void ReadStatus_TrailerFrameAfterData_ReadsStatusAndUrlDecodedMessage()
    {
        var body = Frames((0x00, [0x08, 0x01]), (0x80, "grpc-status: 7\r\ngrpc-message: age%20check%3A%20%C3%BC\r\n"u8.ToArray()));

        var status = GrpcWebAnswer.ReadStatus(body, "application/grpc-web+proto", null, null);

        Assert.Equal(new GrpcWebStatus(7, "age check: ü", null), status);
        Assert.False(status.IsSuccess);
    }

    [Fact]
    public void ReadStatus_KeysAreCaseInsensitive_AndLfLinesWork()
    {
        var status = GrpcWebAnswer.ReadStatus(Frames((0x80, "Grpc-Status:16\nGRPC-MESSAGE:expired\n"u8.ToArray())), null, null, null);

        Assert.Equal(16, status.Code);
        Assert.Equal("expired", status.Message);
    }

    [Fact]
    public void ReadStatus_ZeroOrAbsent_IsSuccess()
    {
        Assert.True(GrpcWebAnswer.ReadStatus(Frames((0x00, []), (0x80, "grpc-status:0\r\n"u8.ToArray())), null, null, null).IsSuccess);
        Assert.True(GrpcWebAnswer.ReadStatus(Frames((0x00, [0x0a, 0x00])), null, null, null).IsSuccess);
        Assert.True(GrpcWebAnswer.ReadStatus([], null, null, null).IsSuccess);
    }

    [Fact]
    public void ReadStatus_NoTrailer_FallsBackToTheHeaders()
    {
        var status = GrpcWebAnswer.ReadStatus([], "application/grpc-web+proto", "8", "too%20many");

        Assert.Equal(new GrpcWebStatus(8, "too many", null), status);
    }

    [Fact]
    public void ReadStatus_TrailerWins_OverHeaders_AndAMissingMessageComesFromTheHeaders()
    {
        var status = GrpcWebAnswer.ReadStatus(Frames((0x80, "grpc-status: 14\r\n"u8.ToArray())), null, "0", "from%20header");

        Assert.Equal(new GrpcWebStatus(14, "from header", null), status);
    }

    [Fact]
    public void ReadStatus_GrpcWebText_IsBase64DecodedFirst_EvenInSeparatelyPaddedChunks()
    {
        var data = Convert.ToBase64String(Frames((0x00, [0x01])));
        var trailer = Convert.ToBase64String(Frames((0x80, "grpc-status: 7\r\ngrpc-message: no\r\n"u8.ToArray())));
        var body = Encoding.ASCII.GetBytes(data + "\r\n" + trailer);

        Assert.Equal(new GrpcWebStatus(7, "no", null), GrpcWebAnswer.ReadStatus(body, "application/grpc-web-text+proto", null, null));
        Assert.Equal(new GrpcWebStatus(7, "no", null), GrpcWebAnswer.ReadStatus(body, null, null, null));
    }

    [Fact]
    public void ReadStatus_CompressedTruncatedOrUnreadable_IsAnError()
    {
        Assert.NotNull(GrpcWebAnswer.ReadStatus(Frames((0x01, [1, 2, 3])), null, null, null).Error);
        Assert.NotNull(GrpcWebAnswer.ReadStatus(new byte[] { 0x80, 0x00, 0x00, 0x00, 0x10, (byte)'g' }, null, null, null).Error);
        Assert.NotNull(GrpcWebAnswer.ReadStatus("!!!"u8.ToArray(), "application/grpc-web-text", null, null).Error);
        var notNumber = GrpcWebAnswer.ReadStatus(Frames((0x80, "grpc-status: seven\r\n"u8.ToArray())), null, null, null);
        Assert.NotNull(notNumber.Error);
        Assert.False(notNumber.IsSuccess);
    }

    [Theory]
    [InlineData(16, 401)]
    [InlineData(7, 403)]
    [InlineData(8, 429)]
    [InlineData(4, 504)]
    [InlineData(14, 503)]
    [InlineData(2, 502)]
    [InlineData(13, 502)]
    [InlineData(99, 502)]
    public void HttpStatusOf_MapsTheCodes(int code, int http) => Assert.Equal(http, GrpcWebAnswer.HttpStatusOf(code));

    private static byte[] Frames(params (byte Flag, byte[] Payload)[] frames)
    {
        var output = new List<byte>();
        foreach (var (flag, payload) in frames)
        {
            output.Add(flag);
            output.AddRange(BitConverter.IsLittleEndian ? BitConverter.GetBytes(payload.Length).Reverse() : BitConverter.GetBytes(payload.Length));
            output.AddRange(payload);
        }

        return [.. output];
    }
}
