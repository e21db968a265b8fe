using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Scheduling;
using ChiBo.Bot.Storage;
using ChiBo.Bot.Telegram;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot;

/// <summary>Builds the ChiBo host: settings, storage, flows and the Telegram channel.</summary>
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
        builder.Services.AddHostedService<TelegramChannel>();
        builder.Services.AddSingleton<Reminders>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Reminders>());
        customize?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>The token check the README promises: without one, say what is needed and stop.</summary>
    public static string? MissingSettings(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[$"{ChiBoOptions.Section}:Telegram:Token"])
            ? "ChiBo cần token bot Telegram để chạy. Đặt biến môi trường ChiBo__Telegram__Token=<token từ @BotFather> "
              + "(hoặc ChiBo:Telegram:Token trong appsettings.json) rồi chạy lại. / ChiBo needs a Telegram bot token: set ChiBo__Telegram__Token."
            : null;
}
