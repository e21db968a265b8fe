using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChiBo.Bot.Tests.Harness;

/// <summary>The real router, except that a text or a button "💥" throws inside the batch's transaction.</summary>
public sealed class ExplodingRouter(Router router) : IEventHandler
{
    public Reply Handle(ChatEvent ev) => ev.Text == "💥" || ev.ButtonData == "💥" ? throw new InvalidOperationException("a flow failed") : router.Handle(ev);

    /// <summary>For <see cref="BotUnderTest"/>'s customize: the bot's flows go through it.</summary>
    public static void Install(HostApplicationBuilder builder) =>
        builder.Services.AddSingleton<IEventHandler>(sp => new ExplodingRouter(sp.GetRequiredService<Router>()));
}
