# The HTTP cache in front of backspasm (Varnish 7, with varnish-modules' xkey).
#
# It keeps only what the site marks as shareable (Cache-Control with s-maxage, no Set-Cookie, not
# private/no-store/no-cache: backspasm_site/page_cache/edge.py SharedCacheMiddleware), so nothing with a
# CSRF token, a cookie, a session or a checker answer is ever stored. Edits purge the pages they touch by
# surrogate key (backspasm_site/page_cache/edge.py: PURGE with an xkey-purge header and the purge token, from
# the addresses allowed to purge). When the site fails, readers get the last good copy of a page for up to a
# day; what cannot be served is a 503 page that still names the emergency number and the emergency signs.
#
# The placeholders (@ before and after a name) are filled in by `manage.py render_vcl` (backspasm_site/page_cache/vcl.py), which
# `make edge`, the tests and the benchmarks run before starting Varnish, since VCL reads no environment.
vcl 4.1;

import proxy;
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

# Where purges may come from (EDGE_PURGE_FROM): the site's own instances.
acl purgers {
@PURGERS@
}

# Proxies in front of Varnish whose X-Forwarded-For and X-Forwarded-Proto are believed (EDGE_TLS_FROM): a TLS
# terminator that speaks plain HTTP to Varnish. One that speaks the PROXY protocol (hitch, haproxy) needs no
# entry: Varnish then knows the reader's address and whether the connection was TLS itself.
acl tls_terminators {
@TLS_TERMINATORS@
}

sub vcl_recv {
    call edge_owns_the_request_headers;
    if (req.url ~ "^.{2049}") {
        # Longer than any address of the site (a 200-character search is under 2 KB): the site's redirects
        # repeat the query %-encoded, up to three times as long, and a Location over Varnish's 8 KB header
        # limit (http_resp_hdr_len) was a 503.
        return (synth(414, "URI Too Long"));
    }
    if (req.method == "PURGE") {
        # The address alone is not enough: a proxy on an allowed host (a TLS terminator) would carry anyone's.
        if (client.ip !~ purgers || req.http.Authorization != "Bearer @PURGE_TOKEN@") {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Name the keys in an xkey-purge header"));
        }
        # A hard purge: the next reader gets the edited page, never the old one while it is fetched.
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method !~ "^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$") {
        return (synth(405, "Method not allowed"));  # not HTTP, or nothing the site answers (TRACE, BREW)
    }
    if (req.method != "GET" && req.method != "HEAD") {
        # The whole body first, then the site: a client trickling its POST a byte a second holds a Varnish
        # session, never a gunicorn thread (tests/test_slow_clients.py). Held in memory meanwhile, so no
        # larger than the address takes: editors' uploads up to 20 MB; anywhere else a reader's answers or
        # comment, a few KB, where the site reads no more of a form than DATA_UPLOAD_MAX_MEMORY_SIZE.
        # Announced as larger: a 413 at once, before any of it is read (when cache_req_body itself finds a
        # body too large, as a chunked one can be, Varnish closes the connection without an answer).
        if (req.http.Content-Length ~ "^\s*0*[1-9][0-9]{8,}") {
            return (synth(413, "Request too large"));
        }
        if (req.url ~ "^/(admin|markdownx|editors)/") {
            if (std.integer(req.http.Content-Length, 0) > 20971520 || !std.cache_req_body(20MB)) {
                return (synth(413, "Request too large"));
            }
        } elsif (std.integer(req.http.Content-Length, 0) > @FORM_BODY_LIMIT@ || !std.cache_req_body(@FORM_BODY_LIMIT@B)) {
            return (synth(413, "Request too large"));
        }
        return (pass);
    }
    # One spelling per address before anything reads it (an address with an encoded letter is passed as is).
    call one_address_per_page;
    # Editors, the checker (CSRF token, answers), the feedback form and the admin always reach the site;
    # so do searches, each counted by the site (insight), and /metrics (a bearer token).
    if (req.url ~ "^/(admin|markdownx|symptom-checker|feedback|search|insight|metrics)(/|$)" || req.http.Authorization
        || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # A public page is the same for everyone: no cookie changes it.
    unset req.http.Cookie;
    set req.http.Host = std.tolower(req.http.Host);
    # Trackers' parameters go (edge.TRACKING_PARAMETER, which edge.only_tracking reads too): a link with only
    # those is the plain page, and a query string left is one the site never marks shareable.
    if (req.url ~ "@TRACKING_PARAMETER@") {
        set req.url = regsuball(req.url, "@TRACKING_PARAMETER@", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }
    # One stored copy per encoding the site answers with, and never one the reader refused: "br;q=0" means
    # no Brotli (RFC 9110 12.5.3). Pages come gzipped (Django's GZipMiddleware); static files also in
    # Brotli (WhiteNoise's copies), which is then preferred.
    if (req.url ~ "^/static/" && req.http.Accept-Encoding ~ "(?i)(^|,)\s*br\s*(;|,|$)"
        && req.http.Accept-Encoding !~ "(?i)(^|,)\s*br\s*;\s*q\s*=\s*0(\.0{0,3})?\s*(,|$)") {
        set req.http.Accept-Encoding = "br";
    } elsif (req.http.Accept-Encoding ~ "(?i)(^|,)\s*(x-)?gzip\s*(;|,|$)"
        && req.http.Accept-Encoding !~ "(?i)(^|,)\s*(x-)?gzip\s*;\s*q\s*=\s*0(\.0{0,3})?\s*(,|$)") {
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

sub edge_owns_the_request_headers {
    # Only the edge tells gunicorn and Django where a request came from, over what, and under which path:
    # a client's own say is dropped before anything else reads it. A client's SCRIPT_NAME made Django render
    # the home page for an article's address, which was then kept for everyone (issue 31).
    unset req.http.SCRIPT_NAME;
    unset req.http.Script-Name;
    unset req.http.PATH_INFO;
    unset req.http.Path-Info;
    unset req.http.REMOTE_USER;
    unset req.http.Remote-User;
    unset req.http.REMOTE_ADDR;
    unset req.http.Forwarded;
    unset req.http.X-Forwarded-Host;
    unset req.http.X-Forwarded-Server;
    unset req.http.X-Forwarded-Port;
    unset req.http.X-Forwarded-Prefix;
    unset req.http.X-Forwarded-Protocol;
    unset req.http.X-Forwarded-Scheme;
    unset req.http.X-Forwarded-Ssl;
    unset req.http.X-Real-IP;
    unset req.http.X-Client-IP;
    unset req.http.Client-IP;
    unset req.http.True-Client-IP;
    unset req.http.X-Original-URL;
    unset req.http.X-Rewrite-URL;
    unset req.http.X-Url-Scheme;
    unset req.http.Front-End-Https;
    unset req.http.x-path;  # one_address_per_page's working headers: a client's never reach the site
    unset req.http.x-query;
    if (client.ip ~ tls_terminators) {
        # Varnish has added the terminator's own address to its X-Forwarded-For already.
        if (req.http.X-Forwarded-Proto != "https") {
            unset req.http.X-Forwarded-Proto;
        }
    } else {
        set req.http.X-Forwarded-For = client.ip;
        unset req.http.X-Forwarded-Proto;
        if (proxy.is_ssl()) {
            set req.http.X-Forwarded-Proto = "https";
        }
    }
}

sub one_address_per_page {
    # One stored copy per page however its address is spelled, so that no one can fill the cache with
    # copies of one page (3,000 spellings made 3,000 copies in 2.5 s). What is looked up is what the site is
    # asked for, so a spelling can never be stored as another page.
    if (req.url ~ "^[^#]+#") {
        # A fragment is the browser's own (it never sends one) and the site never sees it (gunicorn drops it).
        set req.url = regsub(req.url, "#.*$", "");
    }
    if (req.url ~ "^[a-zA-Z][a-zA-Z0-9+.-]*://") {
        # The absolute form (GET http://host/path): the path alone (an empty one is "/", RFC 9112 3.2.2),
        # the host from the Host header.
        set req.url = "/" + regsub(req.url, "^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*/?", "");
    }
    # Most addresses are spelled plainly: rewritten only when the path has "//" or no leading "/", or the
    # query is a bare "?" (one test, where the rewrite is five: about a twentieth of a cached hit's cost).
    if (req.url ~ "^[^?#]*//" || req.url !~ "^/" || req.url ~ "^[^?#]*\?(#.*)?$") {
        set req.http.x-path = regsub(req.url, "[?#].*$", "");
        set req.http.x-query = regsub(req.url, "^[^?#]*", "");
        set req.http.x-path = regsuball(req.http.x-path, "//+", "/");
        if (req.http.x-path !~ "^/") {
            set req.http.x-path = "/" + req.http.x-path;
        }
        set req.url = req.http.x-path + regsub(req.http.x-query, "^\?(#.*)?$", "");
        unset req.http.x-path;
        unset req.http.x-query;
    }
    if (req.url ~ "@ENCODED_IN_PATH@") {
        # A letter, digit, -._~ or "/" %-encoded in the path is the character itself to the site (RFC 3986 2.3;
        # gunicorn decodes %2F too), so /%61rticles/ is /articles/. No browser writes one: such a request goes
        # to the site with its cookies and is never stored. (Decoded here instead, in 67 rewrites, a 1.3 KB
        # address ran out of workspace: a 503.)
        return (pass);
    }
}

sub vcl_hash {
    # The host's port or a trailing dot changes nothing on a page (its links use SITE_URL): no copy of its own.
    hash_data(req.url);
    hash_data(regsub(req.http.Host, "\.?(:[0-9]*)?$", ""));
    # HTTPS and plain HTTP readers apart: the site redirects the one and serves the other.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_response {
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);  # keep serving the last good copy
    }
    # Answers made before the site's security middleware runs lack its headers: the health checks, Django's
    # redirects and its 400 for an unknown Host, gunicorn's own errors.
    call security_headers_where_missing;
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
    unset beresp.http.Server;  # "Varnish"
    call security_headers_where_missing;
    # The emergency signs and number come from the checker's rule table and settings (render_vcl).
    synthetic({"<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Back spasm help is not available</title></head>
<body><main><h1>This page is not available just now</h1>
<p>Please try again in a few minutes.</p>
<p><strong>In an emergency, call <a href="tel:@EMERGENCY_NUMBER@">@EMERGENCY_NUMBER@</a> now.</strong> Call now if you
have back pain and any of these:</p>
@EMERGENCY_SIGNS@
</main></body></html>
"});
    return (deliver);
}

sub vcl_synth {
    # Varnish's own answers (a refused purge, a request too large) look like the site's: its security
    # headers, and nothing that names Varnish (its default page does, with a "Guru Meditation").
    unset resp.http.X-Varnish;
    unset resp.http.Via;
    unset resp.http.Server;
    call security_headers_on_varnish_pages;
    if (resp.status == 413) {
        set resp.http.Connection = "close";  # answered now, the rest of the body never read
    }
    if (req.method == "PURGE") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.http.Cache-Control = "no-store";
        synthetic(resp.reason);
        return (deliver);
    }
    set resp.http.Content-Type = "text/html; charset=utf-8";
    set resp.http.Cache-Control = "no-store";
    synthetic({"<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Back spasm help</title></head>
<body><main><h1>"} + resp.status + " " + resp.reason + {"</h1>
<p><strong>In an emergency, call <a href="tel:@EMERGENCY_NUMBER@">@EMERGENCY_NUMBER@</a> now.</strong></p>
<p><a href="/">Back spasm help: home page</a></p></main></body></html>
"});
    return (deliver);
}

sub security_headers_on_varnish_pages {
@SECURITY_HEADERS_RESP@
}

sub security_headers_where_missing {
@SECURITY_HEADERS_BERESP@
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
