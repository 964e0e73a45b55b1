"""A scripted SMTP server that misbehaves on purpose, for Homeward's tests.

Usage: fault_server.py SCENARIO TRANSCRIPT

Prints its port as the first line of stdout, then serves until stdin closes.
Every line a client sends is appended to TRANSCRIPT as "CONNECTION LINE"
(connections numbered from 1; the message content included), so a test can
check what went over the wire on each connection.

Scenarios:
  no-starttls       EHLO offers no STARTTLS
  starttls-inject   answers STARTTLS with 220 and, in the same write, a fake reply
  starttls-refused  answers STARTTLS with 454
  transient-once    the first transaction gets 451 to MAIL FROM, later ones are accepted
  reject            550 5.1.1 to RCPT TO
  drop-mid-data     the first transaction's connection is reset at the first line of the data, unread
  drop-after-dot    the first transaction's connection is dropped after the final dot, before a reply
  stall             never answers MAIL FROM
  ok                accepts everything
"""
import asyncio, sys

scenario = sys.argv[1]
transcript = open(sys.argv[2], "a", buffering=1)
transactions = 0
connections = 0


async def handle(reader, writer):
    global transactions, connections
    connections += 1
    connection = connections
    def send(line):
        writer.write((line + "\r\n").encode())
    send("220 fault.test ESMTP ready")
    await writer.drain()
    in_data = False
    try:
        while True:
            raw = await reader.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            transcript.write("%d %s\n" % (connection, line))
            if in_data:
                if line == ".":
                    in_data = False
                    if scenario == "drop-after-dot" and transactions == 1:
                        writer.close()
                        return
                    send("250 2.0.0 OK queued")
                elif scenario == "drop-mid-data" and transactions == 1:
                    writer.transport.abort()  # unread data: the client's write fails
                    return
                continue
            verb = line.split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                lines = ["fault.test", "ENHANCEDSTATUSCODES", "8BITMIME"]
                if scenario != "no-starttls":
                    lines.append("STARTTLS")
                for text in lines[:-1]:
                    send("250-" + text)
                send("250 " + lines[-1])
            elif verb == "STARTTLS":
                if scenario == "starttls-inject":
                    writer.write(b"220 2.0.0 Ready\r\n250 2.0.0 injected\r\n")
                elif scenario == "starttls-refused":
                    send("454 4.7.0 TLS not available")
                else:
                    send("502 5.5.1 not here")
            elif verb == "MAIL":
                transactions += 1
                if scenario == "stall":
                    continue
                if scenario == "transient-once" and transactions == 1:
                    send("451 4.3.0 try again later")
                else:
                    send("250 2.1.0 OK")
            elif verb == "RCPT":
                # As Postfix does, the rejection echoes the recipient's address.
                send("550 5.1.1 %s: Recipient address rejected: User unknown" % line[len("RCPT TO:"):]
                     if scenario == "reject" else "250 2.1.5 OK")
            elif verb == "DATA":
                in_data = True
                send("354 go ahead")
            elif verb == "RSET":
                send("250 2.0.0 OK")
            elif verb == "QUIT":
                send("221 2.0.0 bye")
                await writer.drain()
                writer.close()
                return
            else:
                send("502 5.5.2 unknown command")
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        return


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


asyncio.run(main())
