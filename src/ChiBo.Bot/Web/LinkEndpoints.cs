using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChiBo.Bot.Web;

/// <summary>A feature's pages on the bot's web listener (mapped only when <see cref="HttpOptions.PublicUrl"/> is set).</summary>
public interface IWebEndpoints
{
    void Map(IEndpointRouteBuilder routes);
}

/// <summary>Serves the signed links made for one purpose ("review-form", "export"): called with a link already
/// verified and used up, it writes the response.</summary>
public interface ILinkHandler
{
    string Purpose { get; }

    Task HandleAsync(SignedLink link, HttpContext context);
}

/// <summary>
/// /l/{token}. A GET only checks the token and answers a small page that posts back at once (a button without
/// JavaScript): messengers open links to draw previews, and that must not use up a single-use link. The POST redeems
/// it and hands it to the <see cref="ILinkHandler"/> of its purpose. Expired, used or forged links get a page saying
/// what to do (410, 410, 403); tokens are never logged.
/// </summary>
public sealed class LinkEndpoints(SignedLinks links, IEnumerable<ILinkHandler> handlers, ILogger<LinkEndpoints> log) : IWebEndpoints
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(SignedLinks.PathPrefix + "{token}", (HttpContext ctx, string token) => OpenAsync(ctx, token));
        routes.MapPost(SignedLinks.PathPrefix + "{token}", (HttpContext ctx, string token) => RedeemAsync(ctx, token));
    }

    private Task OpenAsync(HttpContext ctx, string token)
    {
        var check = links.Check(token);
        if (!check.IsValid) return RefuseAsync(ctx, check);
        var action = Html.Encode(SignedLinks.PathPrefix + token);
        return Html.WriteAsync(ctx, 200, "Mở liên kết",
            $"<form method=\"post\" action=\"{action}\"><p>ChiBo đang mở trang…</p><button type=\"submit\">Mở</button></form>"
            + "<script>document.forms[0].submit()</script>");
    }

    private async Task RedeemAsync(HttpContext ctx, string token)
    {
        var check = links.Redeem(token);
        if (!check.IsValid)
        {
            await RefuseAsync(ctx, check);
            return;
        }
        var handler = handlers.FirstOrDefault(h => h.Purpose == check.Link!.Purpose);
        if (handler is null)
        {
            log.LogWarning("A signed link for {Purpose} was opened, but nothing serves that purpose", check.Link!.Purpose);
            await Html.WriteAsync(ctx, 404, "Không tìm thấy", "<p>Trang này không còn. Đồng chí hãy quay lại cuộc trò chuyện với ChiBo.</p>");
            return;
        }
        await handler.HandleAsync(check.Link!, ctx);
    }

    private Task RefuseAsync(HttpContext ctx, LinkCheck check)
    {
        log.LogInformation("Refused a web link from {Remote}: {Status}", ctx.Connection.RemoteIpAddress, check.Status);
        return Html.WriteAsync(ctx, check.Status == LinkStatus.Forged ? 403 : 410, "Không mở được liên kết", $"<p>{Html.Encode(check.Message)}</p>");
    }
}

/// <summary>A minimal Vietnamese HTML page (messages, refusals), self-contained: no external resources.</summary>
public static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All); // Vietnamese letters stay letters

    public static string Encode(string text) => Encoder.Encode(text);

    public static async Task WriteAsync(HttpContext ctx, int status, string title, string body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "text/html; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-store";
        ctx.Response.Headers["Referrer-Policy"] = "no-referrer"; // the token is in the address
        await ctx.Response.WriteAsync(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + $"<title>{Html.Encode(title)} — ChiBo</title>"
            + "<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:36rem;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1.5rem}</style>"
            + $"</head><body><h1>{Html.Encode(title)}</h1>{body}</body></html>", ctx.RequestAborted);
    }
}
