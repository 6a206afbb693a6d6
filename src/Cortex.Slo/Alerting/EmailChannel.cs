using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Cortex.Slo.Alerting;

/// <summary>
/// Sends a plain-text email over SMTP with MailKit, one connection a message. A refused login or a permanent (5xx) SMTP
/// answer is not retried; connection, TLS and transient (4xx) failures are. Results name the host at most, never the password.
/// </summary>
internal sealed class EmailChannel(EmailChannelOptions options, TimeSpan timeout) : IAlertChannel
{
    private readonly string _host = options.Host ?? throw new ArgumentException("The email channel needs EmailChannelOptions.Host.", nameof(options));

    public string Name => AlertChannels.Email;

    public async Task<DeliveryResult> SendAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        using var message = Message(notification);
        using var client = new SmtpClient { Timeout = (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue) };
        if (options.ServerCertificateValidation is { } validate)
        {
            client.ServerCertificateValidationCallback = validate;
        }

        try
        {
            await client.ConnectAsync(_host, options.Port, Security(options.Security), cancellationToken);
            if (options.Username is { } user)
            {
                await client.AuthenticateAsync(user, options.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryResult.Delivered;
        }
        catch (AuthenticationException)
        {
            return DeliveryResult.Rejected($"SMTP server {_host} refused the login of {options.Username}");
        }
        catch (SmtpCommandException ex)
        {
            var reason = $"SMTP server {_host} answered {(int)ex.StatusCode} to {ex.ErrorCode}";
            return (int)ex.StatusCode >= 500 ? DeliveryResult.Rejected(reason) : DeliveryResult.Retry(reason);
        }
        catch (NotSupportedException)
        {
            // MailKit's word for "STARTTLS (or AUTH) was asked for and the server does not offer it": a setup error.
            return DeliveryResult.Rejected($"SMTP server {_host} does not offer what EmailSecurity.{options.Security} or the login needs");
        }
        catch (SslHandshakeException)
        {
            return DeliveryResult.Retry($"TLS handshake with SMTP server {_host} failed");
        }
        catch (SocketException ex)
        {
            return DeliveryResult.Retry($"cannot connect to SMTP server {_host} ({ex.SocketErrorCode})");
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException)
        {
            return DeliveryResult.Retry($"connection to SMTP server {_host} lost ({ex.GetType().Name})");
        }
    }

    internal MimeMessage Message(AlertNotification notification)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var recipient in options.Recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = AlertText.Title(notification);

        // A repeated attempt is the same message: mail systems drop a Message-Id they already delivered.
        message.MessageId = $"{notification.Key}@cortex-slo";
        message.Body = new TextPart("plain") { Text = Body(notification) };
        return message;
    }

    private static string Body(AlertNotification notification)
    {
        var text = new StringBuilder();
        text.Append(AlertText.Counts(notification)).Append("\n\n");
        foreach (var alert in notification.Alerts)
        {
            text.Append("- ").Append(AlertText.Tag(alert)).Append(' ').Append(alert.Name)
                .Append(" on SLO ").Append(alert.Slo).Append(": ").Append(alert.Summary).Append('\n')
                .Append("  ").Append(AlertText.Details(alert)).Append('\n')
                .Append("  fingerprint ").Append(alert.Fingerprint).Append(", id ").Append(alert.Id).Append("\n\n");
        }

        text.Append("Idempotency key: ").Append(notification.Key).Append('\n');
        return text.ToString();
    }

    private static SecureSocketOptions Security(EmailSecurity security) => security switch
    {
        EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        EmailSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };
}
