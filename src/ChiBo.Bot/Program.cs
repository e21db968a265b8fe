using ChiBo.Bot;

using var host = BotHost.Build(args);
if (BotHost.MissingSettings(host.Services.GetRequiredService<IConfiguration>()) is { } missing)
{
    Console.Error.WriteLine(missing);
    return 2;
}
await host.RunAsync();
return Environment.ExitCode;
