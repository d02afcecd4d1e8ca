#!/usr/bin/env python3
"""Requests an HTTP client library will not make, sent over a raw TLS socket to the real Kestrel host:
raw invalid UTF-8 bytes in the query string and path, and a form body over Kestrel's 30 MB limit.
Prints one line per probe and exits 1 when any answers 5xx or without a clear page.

Usage: wapiti-probes.py <https base url> <trust slug>"""
import re, socket, ssl, sys, urllib.parse

base, slug = sys.argv[1], sys.argv[2]
host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE


def send(head: bytes, body_size: int = 0, body_prefix: bytes = b""):
    with socket.create_connection((host, port), timeout=60) as raw, context.wrap_socket(raw, server_hostname=host) as s:
        s.sendall(head)
        sent = 0
        try:
            if body_size:
                s.sendall(body_prefix)
                chunk = b"a" * 65536
                sent = len(body_prefix)
                while sent < body_size:
                    s.sendall(chunk[: min(len(chunk), body_size - sent)])
                    sent += min(len(chunk), body_size - sent)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass  # Kestrel may answer and close before the whole body is sent
        data = b""
        try:
            while True:
                part = s.recv(65536)
                if not part:
                    break
                data += part
                if b"</html>" in data:
                    break
        except (ConnectionResetError, socket.timeout, ssl.SSLError):
            pass
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    h1 = re.search(rb"<h1[^>]*>([^<]*)</h1>", data)
    return status, (h1.group(1).decode("utf-8", "replace").strip() if h1 else "")


failures = 0
probes = [
    ("invalid UTF-8 bytes in the query string", b"GET /" + slug.encode() + b"/schools?phase=a\xff\xfe\xc0\xafb HTTP/1.1\r\nHost: " + host.encode() + b"\r\nConnection: close\r\n\r\n", 0, None),
    ("invalid UTF-8 bytes in the path", b"GET /" + slug.encode() + b"/schools/\xff\xfe HTTP/1.1\r\nHost: " + host.encode() + b"\r\nConnection: close\r\n\r\n", 0, None),
]
size = 31 * 1024 * 1024
probes.append(("a 31 MB form body (Kestrel's limit is 30 MB)",
               b"POST /account/sign-in HTTP/1.1\r\nHost: " + host.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded\r\n"
               b"Content-Length: " + str(size).encode() + b"\r\nConnection: close\r\n\r\n", size, "The file is too large"))
for name, head, body, expected in probes:
    status, heading = send(head, body, b"Email=x&Password=")
    ok = 0 < status < 500 and (expected is None or heading == expected)
    failures += 0 if ok else 1
    print(f"   {'ok' if ok else 'FAILED'}: {name}: {status} {heading!r}")
sys.exit(1 if failures else 0)
