#!/usr/bin/env python3
"""Signs a demo account in to the portal (password, then authenticator code) and writes wapiti's JSON cookie file.

Usage: wapiti-signin.py <base url> <email> <password> <base32 authenticator key> <cookie file>
"""
import base64, hashlib, hmac, http.cookiejar, json, re, ssl, struct, sys, time, urllib.parse, urllib.request

base, email, password, key, out = sys.argv[1:6]
jar = http.cookiejar.CookieJar()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# The portal runs on loopback with a throwaway self-signed certificate.
insecure = ssl.create_default_context()
insecure.check_hostname = False
insecure.verify_mode = ssl.CERT_NONE
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect, urllib.request.HTTPSHandler(context=insecure))


set_cookies = []


def fetch(path, form=None):
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    try:
        with opener.open(base + path, data=data, timeout=30) as r:
            set_cookies.extend(r.headers.get_all("Set-Cookie") or [])
            return r.status, r.headers.get("Location"), r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        set_cookies.extend(e.headers.get_all("Set-Cookie") or [])
        return e.code, e.headers.get("Location"), e.read().decode("utf-8", "replace")


def token(path):
    status, _, html = fetch(path)
    m = re.search(r'name="__RequestVerificationToken"[^>]*value="([^"]+)"', html)
    if status != 200 or not m:
        sys.exit(f"no sign-in form at {path} ({status})")
    return m.group(1)


def totp(secret):
    counter = struct.pack(">Q", int(time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret.upper()), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


status, location, _ = fetch("/account/sign-in", {"Email": email, "Password": password, "RememberMe": "false",
                                                 "__RequestVerificationToken": token("/account/sign-in")})
if status != 302:
    sys.exit(f"sign-in refused ({status})")
if location and location.startswith("/account/mfa"):
    status, location, _ = fetch("/account/mfa", {"Code": totp(key), "__RequestVerificationToken": token("/account/mfa")})
    if status != 302:
        sys.exit(f"authenticator code refused ({status})")
status, _, _ = fetch("/me")
if status != 200:
    sys.exit(f"signed in but /me answered {status}")
# The account's own id (from its subject access export), so the scan can leave its own disable/reset forms alone.
status, _, export = fetch("/me/export")
lower = lambda d: {k.lower(): v for k, v in d.items()}
user_id = lower(lower(json.loads(export))["account"])["id"] if status == 200 else ""

host = urllib.parse.urlparse(base).hostname
cookies = {host: {}}
for c in jar:
    cookies[host].setdefault(c.path or "/", {})[c.name] = {
        "value": c.value, "version": 0, "expires": None, "secure": bool(c.secure), "port": None}
with open(out, "w") as f:
    json.dump(cookies, f, indent=2)
# Every cookie the portal set while signing in, HttpOnly (in any letter case)?
without = [c.split("=")[0] for c in set_cookies if "; httponly" not in c.lower()]
for name in without:
    print(f"cookie without HttpOnly: {name}", file=sys.stderr)
with open(out + ".httponly", "w") as f:
    f.write("1" if set_cookies and not without else "0")
print(f"signed in as {email}; {sum(len(p) for p in cookies[host].values())} cookies in {out}", file=sys.stderr)
print(user_id)
