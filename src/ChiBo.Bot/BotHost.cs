using ChiBo.Bot.Channels;
using ChiBo.Bot.Console;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Telegram;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot;

/// <summary>Builds the ChiBo host: settings, storage, flows and the channels (Telegram, or the local console chat).</summary>
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
        builder.Services.AddSingleton<CommitteeFlow>();
        builder.Services.AddSingleton<QueryFlow>();
        builder.Services.AddSingleton<Clock>();
        builder.Services.AddSingleton<CheckInFlow>();
        builder.Services.AddSingleton<NoticeFlow>();
        builder.Services.AddSingleton<Router>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<Pipeline>();
        builder.Services.AddSingleton<BotIdentity>();
        builder.Services.AddSingleton<TelegramBotClientFactory>();
        builder.Services.AddSingleton<TelegramSender>();
        builder.Services.AddSingleton<Reminders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reminders>());
        customize?.Invoke(builder);
        AddChannels(builder);
        return builder.Build();
    }

    /// <summary>The channels the settings ask for (read after <c>customize</c>, so tests choose too): Telegram when it has a
    /// token; the local console chat when no messenger is configured at all.</summary>
    private static void AddChannels(HostApplicationBuilder builder)
    {
        if (HasSetting(builder.Configuration, "Telegram:Token")) builder.Services.AddHostedService<TelegramChannel>();
        if (RunsConsole(builder.Configuration)) ConsoleChannel.AddTo(builder);
    }

    /// <summary>No Telegram token and no Zalo token: ChiBo talks in the terminal (README, "Quick start").</summary>
    public static bool RunsConsole(IConfiguration configuration) =>
        !HasSetting(configuration, "Telegram:Token") && !HasSetting(configuration, "Zalo:Token");

    private static bool HasSetting(IConfiguration configuration, string key) =>
        !string.IsNullOrWhiteSpace(configuration[$"{ChiBoOptions.Section}:{key}"]);
}
