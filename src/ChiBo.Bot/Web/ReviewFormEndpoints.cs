using System.Reflection;
using System.Text.Json;
using ChiBo.Bot.Channels;
using ChiBo.Bot.Flows.Review;
using ChiBo.Bot.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Web;

/// <summary>
/// The review's web form: one page (Web/Assets: plain HTML, CSS and JavaScript, nothing from the internet) and its API.
/// Opened two ways: as a Telegram Mini App at /app/review?id=… (every API call carries Telegram's initData, checked by
/// <see cref="TelegramInitData"/>), or from a signed single-use link sent in Zalo or the local chat (purpose
/// <see cref="ReviewFormLinks.Purpose"/>), which answers the page with a session token for its API calls. Reading and writing go through
/// <see cref="ReviewWebForm"/>, with the same rules as the chat; after a submission the chat shows the summary.
/// </summary>
public sealed class ReviewFormEndpoints(ReviewWebForm form, SignedLinks links, Outbox outbox, IOptions<ChiBoOptions> options, TimeProvider time, ILogger<ReviewFormEndpoints> log)
    : IWebEndpoints, ILinkHandler
{
    private const string SessionPurpose = "review-session";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(3);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Purpose => ReviewFormLinks.Purpose;

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/app/review", (HttpContext ctx) => PageAsync(ctx, session: null));
        routes.MapGet("/assets/{name}", (HttpContext ctx, string name) => AssetAsync(ctx, name));
        routes.MapGet("/api/review", (HttpContext ctx) => ApiAsync(ctx, submit: false));
        routes.MapPost("/api/review", (HttpContext ctx) => ApiAsync(ctx, submit: true));
    }

    public Task HandleAsync(SignedLink link, HttpContext context) =>
        PageAsync(context, links.CreateToken(SessionPurpose, link.Payload, SessionLifetime));

    private static async Task PageAsync(HttpContext ctx, string? session)
    {
        var html = Asset("form.html")!.Replace("{{session}}", Html.Encode(session ?? ""), StringComparison.Ordinal);
        Secure(ctx.Response);
        ctx.Response.ContentType = "text/html; charset=utf-8";
        await ctx.Response.WriteAsync(html, ctx.RequestAborted);
    }

    private static async Task AssetAsync(HttpContext ctx, string name)
    {
        var type = Path.GetExtension(name) switch { ".css" => "text/css; charset=utf-8", ".js" => "text/javascript; charset=utf-8", _ => null };
        if (type is null || Asset(name) is not { } text)
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        ctx.Response.ContentType = type;
        ctx.Response.Headers.CacheControl = "no-cache";
        await ctx.Response.WriteAsync(text, ctx.RequestAborted);
    }

    private async Task ApiAsync(HttpContext ctx, bool submit)
    {
        Secure(ctx.Response);
        if (Authenticate(ctx.Request) is not { } who)
        {
            log.LogInformation("Refused a web form request from {Remote}: bad, stale or missing credentials", ctx.Connection.RemoteIpAddress);
            await WriteAsync(ctx, new FormResult(401, Errors: ["Phiên làm việc không hợp lệ hoặc đã hết hạn. Đồng chí hãy mở lại biểu từ cuộc trò chuyện với ChiBo."]));
            return;
        }
        if (!submit)
        {
            await WriteAsync(ctx, form.Read(who.ReviewId, who.User));
            return;
        }
        FormInput? input;
        try { input = await JsonSerializer.DeserializeAsync<FormInput>(ctx.Request.Body, Json, ctx.RequestAborted); }
        catch (JsonException) { input = null; }
        if (input is null)
        {
            await WriteAsync(ctx, new FormResult(400, Errors: ["Dữ liệu gửi lên không đọc được. Đồng chí hãy tải lại trang và gửi lại."]));
            return;
        }
        var result = form.Submit(who.ReviewId, who.User, input, outbox);
        if (result.Status == 200)
        {
            log.LogInformation("Review {Review} updated from the web form by {User}", who.ReviewId, who.User.Key);
            // The form says "see the summary in the chat": the outbox gets a few seconds to put it there first.
            try { await outbox.WhenIdleAsync(ctx.RequestAborted).WaitAsync(TimeSpan.FromSeconds(5), time, ctx.RequestAborted); }
            catch (TimeoutException) { log.LogInformation("The web form's summary is still on its way to the chat"); }
        }
        await WriteAsync(ctx, result);
    }

    /// <summary>Telegram's initData ("Authorization: tma …" and ?id=) or a session from a signed link ("Authorization: session …").</summary>
    private (string ReviewId, ChatUser User)? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("tma ", StringComparison.Ordinal))
        {
            var token = options.Value.Telegram.Token;
            if (string.IsNullOrEmpty(token) || TelegramInitData.Validate(header[4..], token, time.GetUtcNow()) is not { } tg) return null;
            var id = request.Query["id"].ToString();
            return id.Length == 0 ? null : (id, new ChatUser(TelegramChannel.Name, tg.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), tg.Name));
        }
        if (header.StartsWith("session ", StringComparison.Ordinal) && links.Check(header[8..], SessionPurpose) is { IsValid: true, Link: { } link })
        {
            var f = link.Payload.Split('\n', 4);
            return f.Length == 4 ? (f[0], new ChatUser(f[1], f[2], f[3])) : null;
        }
        return null;
    }

    private static Task WriteAsync(HttpContext ctx, FormResult result)
    {
        ctx.Response.StatusCode = result.Status;
        return ctx.Response.WriteAsJsonAsync(new { state = result.State, errors = result.Errors, message = result.Message }, Json, ctx.RequestAborted);
    }

    /// <summary>Only this server's own files; the address may hold a token, so it goes to no other site.</summary>
    private static void Secure(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'";
    }

    private static readonly Assembly Self = typeof(ReviewFormEndpoints).Assembly;

    private static string? Asset(string name)
    {
        if (name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-'))) return null;
        using var stream = Self.GetManifestResourceStream($"ChiBo.Bot.Web.Assets.{name}");
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>Where the review's web form is opened from the chat; null when <see cref="HttpOptions.PublicUrl"/> is not set
/// (then no button is offered and the chat works as without it).</summary>
public sealed class ReviewFormLinks(SignedLinks links)
{
    public const string Purpose = "review-form";
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(1);

    public bool Enabled => links.Enabled;

    /// <summary>The Mini App's address for a review (no secret in it: Telegram's initData authenticates); null unless the
    /// public address is https, the only scheme Telegram opens Mini Apps from (the button then asks for a signed link).</summary>
    public string? MiniAppUrl(string reviewId) =>
        links.PublicUrl is { } root && root.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? $"{root}/app/review?id={Uri.EscapeDataString(reviewId)}" : null;

    /// <summary>A single-use link to the form for one person (Zalo, the local chat).</summary>
    public string? LinkFor(string reviewId, ChatUser user) =>
        links.Enabled ? links.Create(Purpose, $"{reviewId}\n{user.Channel}\n{user.Id}\n{user.DisplayName}", LinkLifetime) : null;
}
