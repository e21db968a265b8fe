using System.Net;
using System.Net.Sockets;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Tests.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>The bot in webhook mode, for each channel that has an emulator, listening on 127.0.0.1.</summary>
public static class WebhookBot
{
    public const string TelegramSecret = "tg-webhook-Secret_0123456789";
    public const string ZaloSecret = "zalo-webhook-Secret_9876543210";

    /// <summary>Starts the bot in webhook mode on a port found free. Another test binding port 0 may take that port before
    /// Kestrel does (then nothing of ours listens): the bot is started again on another port.</summary>
    public static async Task<(BotUnderTest Bot, int Port)> StartAsync(ITestOutputHelper output, TelegramEmulator? telegram = null, ZaloEmulator? zalo = null,
        Action<HostApplicationBuilder>? customize = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var bot = new BotUnderTest(telegram, settings: Settings(port, telegram, zalo), output: output, zalo: zalo, customize: customize);
            await bot.StartAsync(waitUntilPolling: false);
            if (bot.Services.GetRequiredService<WebhookServer>().Addresses.Count > 0 || attempt == 3) return (bot, port);
            await bot.DisposeAsync();
        }
    }

    /// <summary>Webhook mode on 127.0.0.1:<paramref name="port"/> for each channel that has an emulator.</summary>
    public static Dictionary<string, string?> Settings(int port, TelegramEmulator? telegram, ZaloEmulator? zalo)
    {
        var settings = new Dictionary<string, string?> { ["ChiBo:Http:Urls"] = $"http://127.0.0.1:{port}" };
        if (telegram is not null)
        {
            settings["ChiBo:Telegram:Mode"] = "webhook";
            settings["ChiBo:Telegram:Webhook:PublicUrl"] = $"http://127.0.0.1:{port}/webhooks/telegram";
            settings["ChiBo:Telegram:Webhook:Secret"] = TelegramSecret;
        }
        if (zalo is not null)
        {
            settings["ChiBo:Zalo:Mode"] = "webhook";
            settings["ChiBo:Zalo:Webhook:PublicUrl"] = $"http://127.0.0.1:{port}/webhooks/zalo";
            settings["ChiBo:Zalo:Webhook:Secret"] = ZaloSecret;
        }
        return settings;
    }

    /// <summary>A port nobody listens on now, for the bot's listener and the public URL it registers.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
