using ChiBo.Bot.Channels;
using ChiBo.Bot.Console;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Telegram;
using ChiBo.Bot.Web;
using ChiBo.Bot.Zalo;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot;

/// <summary>Builds the ChiBo host: settings, storage, flows and the channels (Telegram and Zalo, each on when its token is
/// set; the local console chat when neither is).</summary>
public static class BotHost
{
    /// <param name="customize">Tests use it to add settings or replace the <see cref="TimeProvider"/>.</param>
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? customize = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.Configure<ChiBoOptions>(builder.Configuration.GetSection(ChiBoOptions.Section));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<ChiBoOptions>>().Value.Storage;
            return new Database(storage.Path, storage.Password);
        });
        builder.Services.AddSingleton<StartupFailure>();
        builder.Services.AddHostedService<StartupReport>();
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddSingleton<Rubrics>();
        builder.Services.AddSingleton<Access>();
        builder.Services.AddSingleton<SetupFlow>();
        builder.Services.AddSingleton<ReviewFlow>();
        builder.Services.AddSingleton<ReviewPosting>();
        builder.Services.AddSingleton<CommitteeFlow>();
        builder.Services.AddSingleton<QueryFlow>();
        builder.Services.AddSingleton<ExportFlow>();
        builder.Services.AddSingleton<ParticipationFlow>();
        builder.Services.AddSingleton<CommitteeNoteFlow>();
        builder.Services.AddSingleton<Clock>();
        builder.Services.AddSingleton<CheckInFlow>();
        builder.Services.AddSingleton<NoticeFlow>();
        builder.Services.AddSingleton<ImportFlow>();
        builder.Services.AddSingleton<ThematicFlow>();
        builder.Services.AddSingleton<Router>();
        builder.Services.AddSingleton<IEventHandler>(sp => sp.GetRequiredService<Router>());
        builder.Services.AddSingleton<WizardMessages>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Outbox>()); // started before the channels, stopped after them
        builder.Services.AddSingleton<Pipeline>();
        builder.Services.AddSingleton<BotIdentity>();
        builder.Services.AddSingleton<TelegramBotClientFactory>();
        builder.Services.AddSingleton<TelegramSender>();
        builder.Services.AddSingleton<UpdateReader>();
        builder.Services.AddSingleton<ChatMigration>();
        builder.Services.AddSingleton<Reminders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reminders>());
        builder.Services.AddSingleton<Backups>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Backups>());
        builder.Services.AddSingleton<SignedLinks>();
        builder.Services.AddSingleton<IWebEndpoints, LinkEndpoints>();
        builder.Services.AddSingleton<ReviewFormLinks>();
        builder.Services.AddSingleton<ReviewWebForm>();
        builder.Services.AddSingleton<ReviewFormEndpoints>();
        builder.Services.AddSingleton<IWebEndpoints>(sp => sp.GetRequiredService<ReviewFormEndpoints>());
        builder.Services.AddSingleton<ILinkHandler>(sp => sp.GetRequiredService<ReviewFormEndpoints>());
        builder.Services.AddSingleton<FileLinks>();
        builder.Services.AddSingleton<ILinkHandler>(sp => sp.GetRequiredService<FileLinks>());
        // Kestrel (when a channel uses a webhook or ChiBo:Http:PublicUrl is set) listens before any channel calls setWebhook.
        builder.Services.AddSingleton<WebhookBatcher>();
        builder.Services.AddSingleton<WebhookServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookServer>());
        builder.Services.AddSingleton<IWebhookReceiver, TelegramWebhook>();
        builder.Services.AddSingleton<ZaloBotClient>();
        builder.Services.AddSingleton<ZaloBot>();
        builder.Services.AddSingleton<ZaloQuota>();
        builder.Services.AddSingleton<ZaloInbound>();
        builder.Services.AddSingleton<ZaloSender>();
        builder.Services.AddSingleton<IWebhookReceiver, ZaloWebhook>();
        customize?.Invoke(builder);
        AddChannels(builder);
        return builder.Build();
    }

    /// <summary>The channels the settings ask for (read after <c>customize</c>, so tests choose too): Telegram and Zalo
    /// when they have a token; the local console chat when no messenger is configured at all.</summary>
    private static void AddChannels(HostApplicationBuilder builder)
    {
        if (HasSetting(builder.Configuration, "Telegram:Token")) builder.Services.AddHostedService<TelegramChannel>();
        if (HasSetting(builder.Configuration, "Zalo:Token")) builder.Services.AddHostedService<ZaloChannel>();
        if (RunsConsole(builder.Configuration)) ConsoleChannel.AddTo(builder);
    }

    /// <summary>No Telegram token and no Zalo token: ChiBo talks in the terminal (README, "Quick start").</summary>
    public static bool RunsConsole(IConfiguration configuration) =>
        !HasSetting(configuration, "Telegram:Token") && !HasSetting(configuration, "Zalo:Token");

    private static bool HasSetting(IConfiguration configuration, string key) =>
        !string.IsNullOrWhiteSpace(configuration[$"{ChiBoOptions.Section}:{key}"]);

    /// <summary>An incomplete webhook setting, said in Vietnamese (and English) before anything starts; null when the settings
    /// can run (with no token at all, the console runs).</summary>
    public static string? MissingSettings(IConfiguration configuration)
    {
        var telegram = configuration.GetSection($"{ChiBoOptions.Section}:Telegram").Get<TelegramOptions>() ?? new();
        var zalo = configuration.GetSection($"{ChiBoOptions.Section}:Zalo").Get<ZaloOptions>() ?? new();
        var http = configuration.GetSection($"{ChiBoOptions.Section}:Http").Get<HttpOptions>() ?? new();
        return WebhookProblem("Telegram", telegram.Token, telegram.Mode, telegram.Webhook, httpsOnly: false)
            ?? WebhookProblem("Zalo", zalo.Token, zalo.Mode, zalo.Webhook, httpsOnly: true)
            ?? HttpProblem(http);
    }

    private static string? HttpProblem(HttpOptions http)
    {
        if (!string.IsNullOrEmpty(http.PublicUrl) && (!Uri.TryCreate(http.PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")))
            return "ChiBo:Http:PublicUrl phải là địa chỉ http(s) công khai dẫn tới ChiBo:Http:Urls, ví dụ https://bot.example.org. "
                + "/ ChiBo:Http:PublicUrl must be an absolute http(s) URL.";
        if (http.LinkKey is { Length: > 0 and < 32 })
            return "ChiBo:Http:LinkKey phải dài ít nhất 32 ký tự (hoặc để trống để ChiBo tự tạo). / ChiBo:Http:LinkKey must be at least 32 characters.";
        return null;
    }

    /// <param name="httpsOnly">Zalo accepts only HTTPS webhook URLs (a loopback address is let through for local trials).</param>
    private static string? WebhookProblem(string channel, string? token, ChannelMode mode, WebhookOptions webhook, bool httpsOnly)
    {
        if (string.IsNullOrWhiteSpace(token) || mode != ChannelMode.Webhook) return null;
        if (httpsOnly && Uri.TryCreate(webhook.PublicUrl, UriKind.Absolute, out var plain) && plain.Scheme == "http" && !plain.IsLoopback)
            return $"ChiBo:{channel}:Webhook:PublicUrl phải là địa chỉ https (Zalo chỉ gọi webhook qua HTTPS). / {channel} webhook URLs must be HTTPS.";
        if (!Uri.TryCreate(webhook.PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            return $"ChiBo:{channel}:Mode là Webhook nhưng ChiBo:{channel}:Webhook:PublicUrl chưa phải địa chỉ http(s) công khai dẫn tới "
                + $"{WebhookServer.PathFor(channel.ToLowerInvariant())}. / Set ChiBo:{channel}:Webhook:PublicUrl.";
        if (webhook.Secret is not { Length: >= 8 and <= 256 } secret || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            return $"ChiBo:{channel}:Webhook:Secret phải dài 8 đến 256 ký tự, chỉ gồm chữ, số, '_' hoặc '-'. "
                + $"/ ChiBo:{channel}:Webhook:Secret must be 8 to 256 letters, digits, '_' or '-'.";
        return null;
    }
}
