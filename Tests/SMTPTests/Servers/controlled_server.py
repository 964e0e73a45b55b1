"""A real SMTP server (aiosmtpd on 127.0.0.1) whose faults a test turns on
and off while a notifier runs against it.

Usage: controlled_server.py OUTDIR

Prints its port as the first line of stdout. Then reads commands, one per
line, on stdin, and answers each with one line "ok COMMAND" once it holds:
  down              stop listening: connections are refused
  up                listen again on the same port
  busy on|off       answer 421 4.3.2 to EHLO, MAIL, RCPT and DATA
  slow SECONDS      wait SECONDS before answering each final dot (0: at once)
  reject ADDRESS    answer 550 5.1.1 to RCPT TO:<ADDRESS>
  stats             answer "ok stats CONNECTIONS MOST_OPEN ACCEPTED MOST_TRANSACTIONS"
                    (MOST_TRANSACTIONS: the most mail transactions under way at
                    once, from an accepted MAIL to the end of its DATA, a RSET or
                    the connection's end: the e-mails on their way together)
It stops when stdin closes. Each accepted message is written to
OUTDIR/NNNN.eml with its envelope in OUTDIR/NNNN.json.
"""
import asyncio, json, os, socket, sys, threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.busy = False
        self.slow = 0.0
        self.rejected = set()
        self.connections = 0
        self.open = 0
        self.most_open = 0
        self.accepted = 0
        self.transactions = 0
        self.most_transactions = 0

    def begin(self, session):
        with self.lock:
            session.in_transaction = True
            self.transactions += 1
            self.most_transactions = max(self.most_transactions, self.transactions)

    def end(self, session):
        with self.lock:
            if getattr(session, "in_transaction", False):
                session.in_transaction = False
                self.transactions -= 1


class Handler:
    def __init__(self, outdir, state):
        self.outdir = outdir
        self.state = state

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self.state.busy:
            return ["421 4.3.2 busy, try again later"]
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.state.busy:
            return "421 4.3.2 busy, try again later"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        self.state.begin(session)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.state.busy:
            return "421 4.3.2 busy, try again later"
        if address.lower() in self.state.rejected:
            return "550 5.1.1 <%s>: mailbox unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_RSET(self, server, session, envelope):
        self.state.end(session)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.state.busy:
            self.state.end(session)
            return "421 4.3.2 busy, try again later"
        if self.state.slow:
            await asyncio.sleep(self.state.slow)
        with self.state.lock:
            self.state.accepted += 1
            number = self.state.accepted
        base = os.path.join(self.outdir, "%04d" % number)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        os.rename(base + ".eml.tmp", base + ".eml")
        self.state.end(session)
        return "250 2.0.0 OK: queued as %04d" % number


class CountingSMTP(SMTP):
    state = None

    def connection_made(self, transport):
        with self.state.lock:
            self.state.connections += 1
            self.state.open += 1
            self.state.most_open = max(self.state.most_open, self.state.open)
        super().connection_made(transport)

    def connection_lost(self, error):
        if self.session is not None:
            self.state.end(self.session)
        with self.state.lock:
            self.state.open -= 1
        super().connection_lost(error)


class CountingController(Controller):
    def factory(self):
        return CountingSMTP(self.handler, **self.SMTP_kwargs)


def main():
    outdir = sys.argv[1]
    state = State()
    CountingSMTP.state = state
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()

    def start():
        controller = CountingController(Handler(outdir, state), hostname="127.0.0.1", port=port,
                                        decode_data=False, enable_SMTPUTF8=True)
        controller.start()
        return controller

    controller = start()
    print(port, flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        command = words[0]
        if command == "down" and controller:
            controller.stop()
            controller = None
        elif command == "up" and not controller:
            controller = start()
        elif command == "busy":
            state.busy = words[1] == "on"
        elif command == "slow":
            state.slow = float(words[1])
        elif command == "reject":
            state.rejected.add(words[1].lower())
        elif command == "stats":
            with state.lock:
                print("ok stats %d %d %d %d" % (state.connections, state.most_open, state.accepted, state.most_transactions), flush=True)
            continue
        print("ok " + line.strip(), flush=True)
    if controller:
        controller.stop()


if __name__ == "__main__":
    main()
