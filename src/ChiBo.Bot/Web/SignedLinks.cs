using System.Security.Cryptography;
using System.Text;
using ChiBo.Bot.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ChiBo.Bot.Web;

/// <summary>What a signed token carries: a random id (its used-mark), what it is for, the data, and when it expires.</summary>
public sealed record SignedLink(string Id, string Purpose, string Payload, DateTimeOffset ExpiresAt);

public enum LinkStatus
{
    Valid,
    /// <summary>Not made by this bot (bad signature, malformed) or made for another purpose.</summary>
    Forged,
    Expired,
    /// <summary>A single-use link opened before.</summary>
    Used,
}

/// <summary>The result of checking a token; <see cref="Link"/> is set only when it is valid.</summary>
public sealed record LinkCheck(LinkStatus Status, SignedLink? Link = null)
{
    public bool IsValid => Status == LinkStatus.Valid;

    /// <summary>What the person who opened it reads.</summary>
    public string Message => Status switch
    {
        LinkStatus.Expired => "Liên kết này đã hết hạn. Đồng chí hãy quay lại cuộc trò chuyện với ChiBo để nhận liên kết mới.",
        LinkStatus.Used => "Liên kết này đã được dùng. Mỗi liên kết chỉ mở được một lần; đồng chí hãy quay lại cuộc trò chuyện với ChiBo để nhận liên kết mới.",
        LinkStatus.Forged => "Liên kết không hợp lệ. Đồng chí hãy dùng đúng liên kết ChiBo đã gửi.",
        _ => "",
    };
}

/// <summary>
/// Signed, expiring links to pages the bot serves (<see cref="HttpOptions.PublicUrl"/>): the web form, exported files.
/// A token is "body.signature": the body holds a random id, the purpose, the expiry and a payload; the signature is
/// HMAC-SHA-256 with <see cref="HttpOptions.LinkKey"/>, or with a key generated once and kept in the database.
/// <see cref="Redeem"/> marks a token used (stored in LiteDB, so a restart does not reopen it); <see cref="Check"/>
/// only verifies, for tokens that may be used many times until they expire (a form's session).
/// A feature serves its links with an <see cref="ILinkHandler"/> for its purpose, reached at /l/{token}.
/// </summary>
public sealed class SignedLinks(Database db, IOptions<ChiBoOptions> options, TimeProvider time, ILogger<SignedLinks> log)
{
    public const string PathPrefix = "/l/";
    private const string KeySetting = "web.link-key";
    private readonly Lock _keyGate = new();
    private byte[]? _key;

    /// <summary>The public address pages are reached at, without a trailing slash; null when not configured.</summary>
    public string? PublicUrl => options.Value.Http.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') : null;

    /// <summary>Links can be offered only when the bot's pages are reachable from outside.</summary>
    public bool Enabled => PublicUrl is not null;

    /// <summary>A full single-use link, "{PublicUrl}/l/{token}", valid for <paramref name="ttl"/>.</summary>
    public string Create(string purpose, string payload, TimeSpan ttl) =>
        (PublicUrl ?? throw new InvalidOperationException("ChiBo:Http:PublicUrl is not set; check SignedLinks.Enabled first."))
        + PathPrefix + CreateToken(purpose, payload, ttl);

    /// <summary>A token alone (for a link, or for a session a page sends back).</summary>
    public string CreateToken(string purpose, string payload, TimeSpan ttl)
    {
        if (purpose.Length == 0 || purpose.Contains('\n')) throw new ArgumentException("A purpose is one non-empty line.", nameof(purpose));
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var expires = time.GetUtcNow().Add(ttl).ToUnixTimeSeconds();
        var body = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{id}\n{purpose}\n{expires}\n{payload}"));
        return body + "." + WebEncoders.Base64UrlEncode(Sign(body));
    }

    /// <summary>Verifies signature, purpose, expiry and that it was not used, without using the token up.</summary>
    public LinkCheck Check(string token, string? purpose = null)
    {
        var parts = (token ?? "").Split('.');
        if (parts.Length != 2 || parts[0].Length is 0 or > 8192) return new(LinkStatus.Forged);
        byte[] signature, body;
        try
        {
            signature = WebEncoders.Base64UrlDecode(parts[1]);
            body = WebEncoders.Base64UrlDecode(parts[0]);
        }
        catch (FormatException) { return new(LinkStatus.Forged); }
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(parts[0]))) return new(LinkStatus.Forged);
        var fields = Encoding.UTF8.GetString(body).Split('\n', 4);
        if (fields.Length != 4 || !long.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expires))
            return new(LinkStatus.Forged);
        if (purpose is not null && fields[1] != purpose) return new(LinkStatus.Forged);
        var link = new SignedLink(fields[0], fields[1], fields[3], DateTimeOffset.FromUnixTimeSeconds(expires));
        if (time.GetUtcNow() >= link.ExpiresAt) return new(LinkStatus.Expired);
        if (db.UsedLinks.FindById(link.Id) is not null) return new(LinkStatus.Used);
        return new(LinkStatus.Valid, link);
    }

    /// <summary>Verifies the token and marks it used, atomically: of two requests with one token, one wins.</summary>
    public LinkCheck Redeem(string token, string? purpose = null)
    {
        var check = Check(token, purpose);
        if (!check.IsValid) return check;
        var link = check.Link!;
        var now = time.GetUtcNow();
        var fresh = db.InTransaction(() =>
        {
            if (db.UsedLinks.FindById(link.Id) is not null) return false;
            db.UsedLinks.DeleteMany(u => u.ExpiresAt < now); // an expired token is refused anyway: its mark can go
            db.UsedLinks.Insert(new UsedLink { Id = link.Id, Purpose = link.Purpose, UsedAt = now, ExpiresAt = link.ExpiresAt });
            return true;
        });
        return fresh ? check : new(LinkStatus.Used);
    }

    private byte[] Sign(string body) => HMACSHA256.HashData(Key(), Encoding.ASCII.GetBytes(body));

    /// <summary>The configured key, else the one stored in the database (generated on first use). Never logged.</summary>
    internal byte[] Key()
    {
        if (_key is not null) return _key;
        lock (_keyGate)
        {
            if (_key is not null) return _key;
            if (options.Value.Http.LinkKey is { Length: > 0 } configured)
            {
                if (configured.Length < 32) throw new InvalidOperationException("ChiBo:Http:LinkKey must be at least 32 characters.");
                return _key = Encoding.UTF8.GetBytes(configured);
            }
            if (db.GetSetting(KeySetting) is { } stored) return _key = Convert.FromBase64String(stored);
            var key = RandomNumberGenerator.GetBytes(32);
            db.SetSetting(KeySetting, Convert.ToBase64String(key));
            log.LogInformation("Generated the key that signs web links and stored it in the database (set ChiBo:Http:LinkKey to choose one)");
            return _key = key;
        }
    }
}
