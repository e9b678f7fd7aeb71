using System.Net;
using Grok2Api.Proxy.Attachments;

namespace Grok2Api.Proxy.Tests.Attachments;

public sealed class AddressClassifierTests
{
    [Theory]
    [InlineData("127.0.0.1", "Loopback")]
    [InlineData("127.1.2.3", "Loopback")]
    [InlineData("::1", "Loopback")]
    [InlineData("::ffff:127.0.0.1", "Loopback")]
    [InlineData("::127.0.0.1", "Loopback")]
    [InlineData("64:ff9b::7f00:1", "Loopback")]
    [InlineData("2002:7f00:1::", "Loopback")]
    [InlineData("::ffff:0:127.0.0.1", "Loopback")]
    [InlineData("::ffff:0:7f00:1", "Loopback")]
    [InlineData("::ffff:0:169.254.169.254", "LinkLocal")]
    [InlineData("::ffff:0:10.0.0.1", "Private")]
    [InlineData("::ffff:0:8.8.8.8", "Public")]
    [InlineData("64:ff9b::169.254.169.254", "LinkLocal")]
    [InlineData("64:ff9b::a00:1", "Private")]
    [InlineData("64:ff9b::808:808", "Public")]
    [InlineData("64:ff9b:1::7f00:1", "Loopback")]
    [InlineData("64:ff9b:1::a9fe:a9fe", "LinkLocal")]
    [InlineData("64:ff9b:1::c0a8:101", "Private")]
    [InlineData("64:ff9b:1::808:808", "Public")]
    [InlineData("64:ff9b:1:7f00:0:100::", "Loopback")]
    [InlineData("0.0.0.0", "Unspecified")]
    [InlineData("::", "Unspecified")]
    [InlineData("10.0.0.1", "Private")]
    [InlineData("172.16.5.4", "Private")]
    [InlineData("172.31.255.255", "Private")]
    [InlineData("192.168.1.1", "Private")]
    [InlineData("::ffff:10.1.1.1", "Private")]
    [InlineData("fd00::1", "Private")]
    [InlineData("fc00::1", "Private")]
    [InlineData("fd00:ec2::254", "Private")]
    [InlineData("169.254.169.254", "LinkLocal")]
    [InlineData("::ffff:169.254.169.254", "LinkLocal")]
    [InlineData("fe80::1", "LinkLocal")]
    [InlineData("100.64.0.1", "SharedAddressSpace")]
    [InlineData("100.100.100.200", "SharedAddressSpace")]
    [InlineData("224.0.0.1", "Multicast")]
    [InlineData("ff02::1", "Multicast")]
    [InlineData("255.255.255.255", "Broadcast")]
    [InlineData("240.0.0.1", "Reserved")]
    [InlineData("192.0.2.10", "Reserved")]
    [InlineData("198.18.0.1", "Reserved")]
    [InlineData("2001:db8::1", "Reserved")]
    [InlineData("8.8.8.8", "Public")]
    [InlineData("172.32.0.1", "Public")]
    [InlineData("100.128.0.1", "Public")]
    [InlineData("2606:4700:4700::1111", "Public")]
    [InlineData("::ffff:1.1.1.1", "Public")]
    public void Classify_Address_GivesItsKind(string address, string expected) =>
        Assert.Equal(Enum.Parse<AddressKind>(expected), AddressClassifier.Classify(IPAddress.Parse(address)));

    /// <summary>64:ff9b:1::/48 may embed the IPv4 address after a /48, /56 or /64 prefix too (RFC 6052 §2.2).</summary>
    [Theory]
    [InlineData("64:ff9b:1:7f00:0:100::")]
    [InlineData("64:ff9b:1:7f:0:1::")]
    [InlineData("64:ff9b:1:0:7f:0:100:0")]
    [InlineData("64:ff9b:1:a9fe:a9:fe00::")]
    [InlineData("64:ff9b:1:a9:fe:a9fe::")]
    [InlineData("64:ff9b:1:0:a9:fea9:fe00:0")]
    public void Classify_LocalUseNat64_WithTheAddressAfterAShorterPrefix_IsNotPublic(string address) =>
        Assert.NotEqual(AddressKind.Public, AddressClassifier.Classify(IPAddress.Parse(address)));
}
