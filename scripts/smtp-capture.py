"""The mail server of `homeward chaos`: aiosmtpd on 127.0.0.1, keeping every
message it accepts.

Usage: /usr/bin/python3 scripts/smtp-capture.py OUTDIR

Prints the port it listens on as the first line of stdout, then accepts
every message, writing each to OUTDIR/NNNNNN.eml (a .tmp file renamed when
complete, so a reader never sees half a message), until its standard input
closes or it is terminated. Needs Debian's python3-aiosmtpd.
"""
import os, socket, sys

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.outdir, "%06d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 OK: kept as %06d" % self.count


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: smtp-capture.py OUTDIR")
    outdir = sys.argv[1]
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    controller = Controller(Keep(outdir), hostname="127.0.0.1", port=port, decode_data=False, enable_SMTPUTF8=True)
    controller.start()
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
