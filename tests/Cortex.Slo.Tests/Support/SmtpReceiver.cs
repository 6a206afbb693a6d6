using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Cortex.Slo.Tests.Support;

/// <summary>
/// A minimal SMTP server on 127.0.0.1, enough for MailKit: EHLO (offering STARTTLS before TLS, AUTH PLAIN LOGIN), STARTTLS
/// with a self-signed certificate, AUTH PLAIN and LOGIN, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT. It keeps the messages
/// and the credentials it received; <see cref="RefuseLogin"/> makes it answer 535 to every login.
/// </summary>
internal sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate = SelfSigned();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SmtpReceiver()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets the SHA-1 hash of the receiver's self-signed certificate, for a client to pin.</summary>
    public string CertificateHash => _certificate.GetCertHashString();

    public bool RefuseLogin { get; set; }

    public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

    /// <summary>Gets the logins received: user, password, and whether the connection was under TLS by then.</summary>
    public ConcurrentQueue<(string User, string Password, bool Tls)> Logins { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _certificate.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                sessions.Add(ServeAsync(client));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var line = new LineChannel(stream);
        var tls = false;
        string? from = null;
        List<string> to = [];
        try
        {
            await line.WriteAsync("220 localhost ESMTP test receiver");
            while (await line.ReadAsync() is { } command)
            {
                var verb = command.Split(' ', 2)[0].ToUpperInvariant();
                var argument = command.Length > verb.Length ? command[(verb.Length + 1)..] : string.Empty;
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await line.WriteAsync("250-localhost greets you");
                        if (!tls)
                        {
                            await line.WriteAsync("250-STARTTLS");
                        }

                        await line.WriteAsync("250 AUTH PLAIN LOGIN");
                        break;
                    case "STARTTLS":
                        await line.WriteAsync("220 2.0.0 Ready to start TLS");
                        var ssl = new SslStream(stream);
                        await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                        stream = ssl;
                        line = new LineChannel(ssl);
                        tls = true;
                        break;
                    case "AUTH":
                        await LoginAsync(line, argument, tls);
                        break;
                    case "MAIL":
                        from = Address(argument);
                        to.Clear();
                        await line.WriteAsync("250 2.1.0 OK");
                        break;
                    case "RCPT":
                        to.Add(Address(argument));
                        await line.WriteAsync("250 2.1.5 OK");
                        break;
                    case "DATA":
                        await line.WriteAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await line.ReadAsync() is { } text && text != ".")
                        {
                            data.Append(text.StartsWith('.') ? text[1..] : text).Append("\r\n");
                        }

                        Messages.Enqueue(new ReceivedMail(from ?? string.Empty, [.. to], data.ToString(), tls));
                        await line.WriteAsync("250 2.0.0 queued");
                        break;
                    case "RSET" or "NOOP":
                        await line.WriteAsync("250 2.0.0 OK");
                        break;
                    case "QUIT":
                        await line.WriteAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await line.WriteAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private async Task LoginAsync(LineChannel line, string argument, bool tls)
    {
        var parts = argument.Split(' ', 2);
        string user;
        string password;
        if (parts[0].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
        {
            var response = parts.Length > 1 ? parts[1] : await PromptAsync(line, string.Empty);
            var fields = Encoding.UTF8.GetString(Convert.FromBase64String(response)).Split('\0');
            (user, password) = (fields[1], fields[2]);
        }
        else
        {
            user = Decode(parts.Length > 1 ? parts[1] : await PromptAsync(line, "Username:"));
            password = Decode(await PromptAsync(line, "Password:"));
        }

        Logins.Enqueue((user, password, tls));
        await line.WriteAsync(RefuseLogin ? "535 5.7.8 Authentication credentials invalid" : "235 2.7.0 Authentication successful");
    }

    private static async Task<string> PromptAsync(LineChannel line, string prompt)
    {
        await line.WriteAsync("334 " + Convert.ToBase64String(Encoding.UTF8.GetBytes(prompt)));
        return await line.ReadAsync() ?? string.Empty;
    }

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));

    private static string Address(string argument)
    {
        var start = argument.IndexOf('<', StringComparison.Ordinal);
        var end = argument.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? argument[(start + 1)..end] : argument;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    /// <summary>CRLF lines over a stream, read byte by byte so that nothing is buffered past the STARTTLS line.</summary>
    private sealed class LineChannel(Stream stream)
    {
        public async Task WriteAsync(string text)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text + "\r\n"));
            await stream.FlushAsync();
        }

        public async Task<string?> ReadAsync()
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (await stream.ReadAsync(one) == 1)
            {
                if (one[0] == '\n')
                {
                    return Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r');
                }

                bytes.Add(one[0]);
            }

            return bytes.Count > 0 ? Encoding.UTF8.GetString([.. bytes]) : null;
        }
    }
}

/// <summary>One message an <see cref="SmtpReceiver"/> accepted: envelope, raw data, and whether it came under TLS.</summary>
internal sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data, bool Tls);
