using ChiBo.Bot.Channels;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot;

/// <summary>One log line at start saying what runs — channels and their mode, the database, the backup schedule, the webhook
/// listener — and never a secret (only whether a password is set).</summary>
public sealed class StartupReport(IOptions<ChiBoOptions> options, IConfiguration configuration, ILogger<StartupReport> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        log.LogInformation("ChiBo starts: {Summary}", Describe(options.Value, BotHost.RunsConsole(configuration)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static string Describe(ChiBoOptions o, bool console)
    {
        var channels = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.Telegram.Token)) channels.Add($"Telegram ({Mode(o.Telegram.Mode)})");
        if (!string.IsNullOrWhiteSpace(o.Zalo.Token)) channels.Add($"Zalo ({Mode(o.Zalo.Mode)})");
        if (console) channels.Add("local console chat");
        var listener = o.Telegram.Mode == ChannelMode.Webhook || o.Zalo.Mode == ChannelMode.Webhook || !string.IsNullOrWhiteSpace(o.Http.PublicUrl);
        var backup = o.Backup.Enabled
            ? $"daily after {o.Backup.At:HH\\:mm} ({o.TimeZone}) into {Path.GetFullPath(o.Backup.FolderFor(o.Storage.Path))}, keeping {o.Backup.Daily} daily and {o.Backup.Monthly} monthly"
            : "off";
        return $"channels {string.Join(", ", channels)}; database {Path.GetFullPath(o.Storage.Path)} ({(string.IsNullOrEmpty(o.Storage.Password) ? "not encrypted" : "encrypted")}); "
            + $"backups {backup}" + (listener ? $"; web listener on {o.Http.Urls} with {WebhookServer.HealthPath}" : "");
    }

    private static string Mode(ChannelMode mode) => mode == ChannelMode.Webhook ? "webhook" : "long polling";
}
