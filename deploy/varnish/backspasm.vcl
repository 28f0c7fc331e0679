# The HTTP cache in front of backspasm (Varnish 7, with varnish-modules' xkey).
#
# It keeps only what the site marks as shareable (Cache-Control with s-maxage, no Set-Cookie, not
# private/no-store/no-cache), so the rules of backspasm_site/page_cache/front.py hold here too: nothing with
# a CSRF token, a cookie, a session or a checker answer is ever stored. Edits purge the pages they touch by
# surrogate key (backspasm_site/page_cache/edge.py: PURGE with an xkey-purge header, from loopback only).
# When the site fails, readers get the last good copy of a page for up to a day; what cannot be served is a
# 503 page that still names the emergency number.
#
# @BACKEND_HOST@, @BACKEND_PORT@ and @EMERGENCY_NUMBER@ are filled in by whatever starts Varnish
# (`make edge`, tests/servers.py), since VCL reads no environment.
vcl 4.1;

import std;
import xkey;

probe site_answers {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 3;  # healthy from the start: a new Varnish does not answer 503 until its first probes
}

backend site {
    .host = "@BACKEND_HOST@";
    .port = "@BACKEND_PORT@";
    .connect_timeout = 2s;
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 10s;
    .probe = site_answers;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys in an xkey-purge header"));
        }
        # A hard purge: the next reader gets the edited page, never the old one while it is fetched.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        # The whole body first, then the site: a client trickling its POST a byte a second holds a Varnish
        # session, never a gunicorn thread (tests/test_slow_clients.py). Larger than any form or upload the
        # site takes (DATA_UPLOAD_MAX_MEMORY_SIZE, editors' images).
        if (req.http.Content-Length || req.http.Transfer-Encoding) {
            if (!std.cache_req_body(20MB)) {
                return (synth(413, "Request too large"));
            }
        }
        return (pass);
    }
    # Editors, the checker (CSRF token, answers), the feedback form and the admin always reach the site.
    if (req.url ~ "^/(admin|markdownx|symptom-checker|feedback)(/|$)" || req.http.Authorization
        || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # A public page is the same for everyone: no cookie changes it.
    unset req.http.Cookie;
    set req.http.Host = std.tolower(req.http.Host);
    # Links carrying only trackers' parameters are the plain page (as in front.py).
    if (req.url ~ "[?&](utm_[a-z_]+|fbclid|gclid|dclid|msclkid|twclid|igshid|mc_cid|mc_eid)=") {
        set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|twclid|igshid|mc_cid|mc_eid)=[^&]*(&|$)", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # One stored copy per encoding the site answers with (Brotli, gzip, none).
    if (req.http.Accept-Encoding ~ "\bbr\b") {
        set req.http.Accept-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "\bgzip\b") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }
    # Stale copies only while the site is failing; otherwise at most 30 s while a fresh copy is fetched.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);  # keep serving the last good copy
    }
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "s-maxage="
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        # Not shareable: remember that for a short while, so such requests go straight to the site.
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    set beresp.grace = 1d;  # the stale-if-error the site asks for
    set beresp.keep = 1d;
    return (deliver);
}

sub vcl_backend_error {
    # A kept-alive connection gunicorn had just closed (after refusing an oversized post, say) fails before
    # any answer: try once more on a fresh one (the body was read whole first, so it can be sent again).
    if (bereq.retries == 0) {
        return (retry);
    }
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Cache-Control = "no-store";
    set beresp.http.Retry-After = "30";
    synthetic({"<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Back spasm help is not available</title></head>
<body><main><h1>This page is not available just now</h1>
<p>Please try again in a few minutes.</p>
<p><strong>In an emergency, call <a href="tel:@EMERGENCY_NUMBER@">@EMERGENCY_NUMBER@</a> now.</strong> Get help now
if you have back pain with a fever, loss of bladder or bowel control, numbness or tingling around your genitals
or bottom, weakness or numbness in both legs, or chest pain.</p></main></body></html>
"});
    return (deliver);
}

sub vcl_deliver {
    # Keys and cache internals are for the edge, not for browsers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
