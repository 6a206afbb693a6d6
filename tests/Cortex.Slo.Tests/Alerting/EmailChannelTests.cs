using Cortex.Slo.Tests.Support;
using static Cortex.Slo.Tests.Support.AlertingHarness;

namespace Cortex.Slo.Tests.Alerting;

/// <summary>Email through MailKit to a real SMTP receiver on 127.0.0.1, over STARTTLS with a login.</summary>
public sealed class EmailChannelTests
{
    private const string Password = "Sup3r-Secret-SMTP-pa55";

    [Fact]
    public async Task Email_StartTlsWithLogin_ArrivesWithTheAlertSummary()
    {
        await using var smtp = new SmtpReceiver();
        await using var alerting = await StartOnAsync(smtp);

        await alerting.EvaluateAsync(Candidate("latency-p99", operation: "search"));
        await Poll.UntilAsync(() => !smtp.Messages.IsEmpty, "the email");

        var mail = Assert.Single(smtp.Messages);
        Assert.True(mail.Tls);
        Assert.Equal("cortex-slo@checkout.example", mail.From);
        Assert.Equal(["oncall@example.com", "lead@example.com"], mail.To);
        Assert.Contains("Subject: [CRITICAL] checkout: latency-p99: p99 of search is 812 ms", mail.Data, StringComparison.Ordinal);
        Assert.Contains("latency-p99 on SLO latency: latency-p99: p99 of search is 812 ms, above 500 ms", mail.Data, StringComparison.Ordinal);
        Assert.Contains("operation=search", mail.Data, StringComparison.Ordinal);
        var login = Assert.Single(smtp.Logins);
        Assert.Equal(("alerts", Password, true), login);
        Assert.Empty(alerting.Manager.DeliveryFailures);
        Assert.DoesNotContain(Password, alerting.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_LoginRefused_IsReportedWithoutThePassword()
    {
        await using var smtp = new SmtpReceiver { RefuseLogin = true };
        await using var alerting = await StartOnAsync(smtp);

        await alerting.EvaluateAsync(Candidate("latency-p99"));
        await Poll.UntilAsync(() => alerting.Manager.DeliveryFailures.Count == 1, "the refused login to be reported");
        await alerting.AdvanceToAsync(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5));

        Assert.Empty(smtp.Messages);
        Assert.NotEmpty(smtp.Logins);
        Assert.All(smtp.Logins, l => Assert.True(l.Tls));
        var failure = Assert.Single(alerting.Manager.DeliveryFailures);
        Assert.Contains("email", failure, StringComparison.Ordinal);
        Assert.Contains("refused the login of alerts", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, alerting.Logs.All, StringComparison.Ordinal);
    }

    private static Task<AlertingHarness> StartOnAsync(SmtpReceiver smtp) =>
        StartAsync(o =>
        {
            o.Email.Host = "127.0.0.1";
            o.Email.Port = smtp.Port;
            o.Email.Security = EmailSecurity.StartTls;
            o.Email.Username = "alerts";
            o.Email.Password = Password;
            o.Email.From = "cortex-slo@checkout.example";
            o.Email.Recipients.Add("oncall@example.com");
            o.Email.Recipients.Add("lead@example.com");
            // The receiver's certificate is self-signed: pin it rather than accept any.
            o.Email.ServerCertificateValidation = (_, certificate, _, _) => certificate?.GetCertHashString() == smtp.CertificateHash;
            Levels(o, (TimeSpan.Zero, [AlertChannels.Email]));
        });
}
