using System.Net;
using NewsApi.Webhooks;

namespace NewsApi.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_matches_the_Standard_Webhooks_reference_test_vector()
    {
        // From the test suites of the standardwebhooks.com libraries.
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var signature = WebhookSignature.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""");
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("100.64.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00:ec2::254", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::7f00:1", false)]
    [InlineData("93.184.215.14", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void Only_public_addresses_may_receive_webhooks(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddresses.IsPublic(IPAddress.Parse(address)));
}
