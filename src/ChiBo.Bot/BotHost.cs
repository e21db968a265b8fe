using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Telegram;
using ChiBo.Bot.Zalo;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot;

/// <summary>Builds the ChiBo host: settings, storage, flows and the channels (Telegram, Zalo: each on when its token is set).</summary>
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
        builder.Services.AddSingleton<Rubrics>();
        builder.Services.AddSingleton<Access>();
        builder.Services.AddSingleton<SetupFlow>();
        builder.Services.AddSingleton<ReviewFlow>();
        builder.Services.AddSingleton<ReviewPosting>();
        builder.Services.AddSingleton<Router>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<Pipeline>();
        builder.Services.AddSingleton<BotIdentity>();
        builder.Services.AddSingleton<TelegramBotClientFactory>();
        builder.Services.AddSingleton<TelegramSender>();
        // Kestrel (only when a channel uses a webhook) listens before any channel calls setWebhook.
        builder.Services.AddSingleton<WebhookServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookServer>());
        builder.Services.AddHostedService<TelegramChannel>();
        builder.Services.AddSingleton<IWebhookReceiver, TelegramWebhook>();
        builder.Services.AddSingleton<ZaloBotClient>();
        builder.Services.AddSingleton<ZaloSender>();
        builder.Services.AddSingleton<IWebhookReceiver, ZaloWebhook>();
        builder.Services.AddHostedService<ZaloChannel>();
        customize?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>The settings check the README promises: without a channel token, or with an incomplete webhook, say what is needed and stop.</summary>
    public static string? MissingSettings(IConfiguration configuration)
    {
        var telegram = configuration.GetSection($"{ChiBoOptions.Section}:Telegram").Get<TelegramOptions>() ?? new();
        var zalo = configuration.GetSection($"{ChiBoOptions.Section}:Zalo").Get<ZaloOptions>() ?? new();
        if (string.IsNullOrWhiteSpace(telegram.Token) && string.IsNullOrWhiteSpace(zalo.Token))
            return "ChiBo cần token bot Telegram hoặc Zalo để chạy. Đặt biến môi trường ChiBo__Telegram__Token=<token từ @BotFather> "
                + "và/hoặc ChiBo__Zalo__Token=<token từ Zalo Bot Manager> (hoặc trong appsettings.json) rồi chạy lại. "
                + "/ ChiBo needs a bot token: set ChiBo__Telegram__Token and/or ChiBo__Zalo__Token.";
        return WebhookProblem("Telegram", telegram.Token, telegram.Mode, telegram.Webhook)
            ?? WebhookProblem("Zalo", zalo.Token, zalo.Mode, zalo.Webhook);
    }

    private static string? WebhookProblem(string channel, string? token, ChannelMode mode, WebhookOptions webhook)
    {
        if (string.IsNullOrWhiteSpace(token) || mode != ChannelMode.Webhook) return null;
        if (!Uri.TryCreate(webhook.PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            return $"ChiBo:{channel}:Mode là Webhook nhưng ChiBo:{channel}:Webhook:PublicUrl chưa phải địa chỉ http(s) công khai dẫn tới "
                + $"{WebhookServer.PathFor(channel.ToLowerInvariant())}. / Set ChiBo:{channel}:Webhook:PublicUrl.";
        if (webhook.Secret is not { Length: >= 8 and <= 256 } secret || !secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            return $"ChiBo:{channel}:Webhook:Secret phải dài 8 đến 256 ký tự, chỉ gồm chữ, số, '_' hoặc '-'. "
                + $"/ ChiBo:{channel}:Webhook:Secret must be 8 to 256 letters, digits, '_' or '-'.";
        return null;
    }
}
