"""A real SMTP server for Homeward's tests: aiosmtpd on 127.0.0.1.

Usage: capture_server.py OUTDIR [--tls CERT KEY] [--auth USER PASSWORD] [--stall-first N]

Prints the port it listens on as the first line of stdout, then serves until
stdin closes or it is terminated. With --tls it offers STARTTLS and requires
it before MAIL; with --auth it requires AUTH PLAIN/LOGIN (only after TLS).
Each accepted message is written to OUTDIR/NNNN.eml with its envelope in
OUTDIR/NNNN.json. With --stall-first N the first N messages are written
but never answered (the reply to the final dot never comes): a client that
dies meanwhile does not know whether they were accepted.
"""
import asyncio, json, os, socket, ssl, sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Capture:
    def __init__(self, outdir, stall_first=0):
        self.outdir = outdir
        self.count = 0
        self.stall_first = stall_first

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.outdir, "%04d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                       "mail_options": envelope.mail_options, "tls": session.ssl is not None,
                       "authenticated": session.authenticated}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        if self.count <= self.stall_first:
            await asyncio.sleep(3600)
        return "250 2.0.0 OK: queued as %04d" % self.count


def main():
    args = sys.argv[1:]
    outdir = args.pop(0)
    tls_context = None
    credentials = None
    stall_first = 0
    while args:
        flag = args.pop(0)
        if flag == "--tls":
            cert, key = args.pop(0), args.pop(0)
            tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_context.load_cert_chain(cert, key)
        elif flag == "--stall-first":
            stall_first = int(args.pop(0))
        elif flag == "--auth":
            credentials = (args.pop(0).encode(), args.pop(0).encode())
        else:
            raise SystemExit("unknown flag " + flag)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == credentials
        return AuthResult(success=ok, handled=False)

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    kwargs = dict(hostname="127.0.0.1", port=port, decode_data=False, enable_SMTPUTF8=True)
    if tls_context:
        kwargs.update(tls_context=tls_context, require_starttls=True)
    if credentials:
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
    controller = Controller(Capture(outdir, stall_first), **kwargs)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
