using System.Net.Security;

namespace Cortex.Slo;

/// <summary>Email over SMTP (MailKit). The password never appears in logs or reports.</summary>
public sealed class EmailChannelOptions
{
    /// <summary>Gets or sets the SMTP host; <see langword="null"/> turns the channel off.</summary>
    public string? Host { get; set; }

    /// <summary>Gets or sets the SMTP port.</summary>
    /// <value>The default is 587.</value>
    public int Port { get; set; } = 587;

    /// <summary>Gets or sets how the connection is secured.</summary>
    /// <value>The default is <see cref="EmailSecurity.StartTls"/>.</value>
    public EmailSecurity Security { get; set; } = EmailSecurity.StartTls;

    /// <summary>Gets or sets the user name to authenticate with; <see langword="null"/> for none.</summary>
    public string? Username { get; set; }

    /// <summary>Gets or sets the password.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the sender address.</summary>
    /// <value>The default is <c>cortex-slo@localhost</c>.</value>
    public string From { get; set; } = "cortex-slo@localhost";

    /// <summary>Gets the recipients (<c>ALERT_EMAIL_RECIPIENTS</c>, comma-separated).</summary>
    public IList<string> Recipients { get; } = [];

    /// <summary>Gets or sets a check of the server's TLS certificate in place of the system's (for a private CA or a pinned certificate).</summary>
    /// <value>The default is <see langword="null"/>: the system's validation.</value>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }
}
