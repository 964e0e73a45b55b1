#!/usr/bin/python3
"""The escalation board in a real browser (Debian's chromium, driven by selenium).

Usage: board_browser.py --homeward BIN [--repo DIR] [--screenshot PNG]

Starts an embedded broker (`homeward broker`), adds three board users, runs
`homeward dashboard` and a live `homeward worker escalator`, then checks, as
users would see it:
  - unauthenticated requests get nothing but the sign-in page (or a 401 for the API);
  - a supervisor signs in; an escalation produced after the page loaded
    appears within 1 s, without a reload;
  - acknowledging it on the page produces escalation.acknowledged on
    case-events with the user's id; the escalator follows; the row shows
    acknowledged;
  - a supervisor of another team sees neither the row nor the action, and
    cannot act through a POST either;
  - a POST without the CSRF token is refused.
Prints one line per check; exits 0 only when every check passed.
"""

import argparse
import datetime
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

from kafka import KafkaConsumer, KafkaProducer
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,1000"]
PASSWORD = "board-test-password-1"
NORTH_CASE = "case-900001"


def now(offset_minutes=0):
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=offset_minutes)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, condition, limit=30.0, step=0.02):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {limit} s waiting for {what}")


class Board:
    """The processes under test and their addresses."""

    def __init__(self, homeward, repo, work):
        self.homeward, self.repo, self.work = homeward, repo, work
        self.processes = []
        broker = self.start(["broker"], "broker")
        self.brokers = broker.stdout.readline().decode().strip()
        assert self.brokers.startswith("127.0.0.1:"), f"broker printed {self.brokers!r}"
        self.users = os.path.join(work, "users.yaml")
        for user, role, team in [("sup-0001", "supervisor", "team-north"), ("sup-0002", "supervisor", "team-south"),
                                 ("mgr-0001", "manager", None)]:
            command = [homeward, "dashboard", "user", "add", user, "--role", role, "--users", self.users]
            if team:
                command += ["--team", team]
            subprocess.run(command, input=(PASSWORD + "\n").encode(), check=True, capture_output=True, cwd=repo)
        self.port = free_port()
        self.start(["dashboard", "--brokers", self.brokers, "--users", self.users, "--http-port", str(self.port)], "dashboard")
        self.escalator_port = free_port()
        self.start(["worker", "escalator", "--brokers", self.brokers, "--http-port", str(self.escalator_port)], "escalator")
        wait_until("the board to be ready", lambda: self.get("/health/ready")[0] == 200)
        wait_until("the escalator to be ready", lambda: self.get("/health/ready", port=self.escalator_port)[0] == 200, limit=60)

    def start(self, arguments, name):
        log = open(os.path.join(self.work, f"{name}.log"), "wb")
        process = subprocess.Popen([self.homeward] + arguments, cwd=self.repo, stdout=subprocess.PIPE, stderr=log)
        self.processes.append(process)
        return process

    def stop(self):
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    def request(self, method, path, body=None, cookie=None, port=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=10)
        sent = dict(headers or {})
        if cookie:
            sent["Cookie"] = cookie
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            body = urllib.parse.urlencode(body)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode(errors="replace")
        except OSError as error:
            return 0, {}, str(error)
        finally:
            connection.close()

    def get(self, path, **options):
        return self.request("GET", path, **options)


def status_record(case_id, team, level="urgent", respond_in_minutes=240):
    time_now = now()
    return {"specversion": "1.0", "id": f"esc-{case_id}-status", "source": "/homeward/escalator",
            "type": "org.homeward.escalation-status.v1", "time": time_now, "subject": case_id,
            "datacontenttype": "application/json",
            "data": {"escalationId": f"esc-{case_id}", "caseId": case_id, "level": level, "status": "raised",
                     "lastChange": "raised", "step": 0, "respondBy": now(respond_in_minutes),
                     "recommendation": "safety-assessment", "reasons": ["child-safety-event"], "evidenceCount": 1,
                     "caseworkerId": "cw-0001", "teamId": team, "raisedAt": time_now, "levelRaisedAt": time_now,
                     "changedAt": time_now}}


def case_events(case_id, team):
    opened = {"specversion": "1.0", "id": f"test-{case_id}-opened", "source": "/test/case-system",
              "type": "org.homeward.case.opened.v1", "time": now(-10), "subject": case_id,
              "datacontenttype": "application/json",
              "data": {"birthYear": 2016, "caseworkerId": "cw-0001", "language": "en", "legalBasis": "ots",
                       "placement": {"since": "2025-01-01T10:00:00Z", "type": "foster"}, "teamId": team,
                       "timezone": "Europe/Amsterdam"}}
    signal = {"specversion": "1.0", "id": f"test-{case_id}-signal", "source": "/test/case-system",
              "type": "org.homeward.risk.signal-reported.v1", "time": now(), "subject": case_id,
              "datacontenttype": "application/json",
              "data": {"category": "family-conflict", "observedAt": now(-1), "severity": 4,
                       "signalId": f"signal-{case_id}", "source": "community"}}
    return [opened, signal]


def browser(work, name):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={os.path.join(work, 'chromium-' + name)}"]:
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def sign_in(driver, board, user):
    driver.get(f"http://127.0.0.1:{board.port}/login")
    driver.find_element(By.NAME, "user").send_keys(user)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    wait_until(f"{user} to see the board", lambda: "open escalations" in driver.page_source)


def session_of(driver):
    cookie = driver.get_cookie("homeward-session")
    csrf = driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] input[name='csrf']").get_attribute("value")
    return f"homeward-session={cookie['value']}", csrf


def row(driver, case_id):
    found = driver.find_elements(By.ID, f"case-{case_id}")
    return found[0] if found else None


def events(board, topic, case_id):
    """Every event of `case_id` on `topic` (tombstones left out), in order."""
    consumer = KafkaConsumer(topic, bootstrap_servers=board.brokers, auto_offset_reset="earliest",
                             enable_auto_commit=False, group_id=None, consumer_timeout_ms=1500)
    found = []
    for record in consumer:
        if record.value is None:
            continue
        event = json.loads(record.value)
        if event["subject"] == case_id:
            found.append(event)
    consumer.close()
    return found


def decisions(board, case_id):
    return [e for e in events(board, "homeward.case-events", case_id) if e["type"].startswith("org.homeward.escalation.")]


def escalation_trail(board, case_id):
    """What the escalator wrote for `case_id`: each escalation event's status, and the status topic's last word."""
    changes = [e["data"].get("status") for e in events(board, "homeward.escalations", case_id)]
    status = [e["data"].get("status") for e in events(board, "homeward.escalation-status", case_id)]
    return f"escalations {changes}, escalation-status {status[-1:] or 'none'}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--homeward", required=True)
    parser.add_argument("--repo", default=os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
    parser.add_argument("--screenshot")
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="board-browser-")
    board = Board(os.path.abspath(options.homeward), options.repo, work)
    drivers = []
    failures = []

    def check(name, body):
        try:
            body()
            print(f"ok    {name}", flush=True)
        except Exception as error:  # noqa: BLE001 - every failure is reported and fails the run
            failures.append(name)
            print(f"FAIL  {name}: {error}", flush=True)

    try:
        def unauthenticated():
            for path in ["/", "/events", "/?team=team-north"]:
                status, headers, _ = board.get(path)
                assert status == 303 and headers.get("Location") == "/login", f"GET {path}: {status} {headers.get('Location')}"
            status, _, body = board.request("POST", f"/escalations/{NORTH_CASE}/acknowledge", body={"escalationId": "x"})
            assert status == 303, f"POST without a session: {status}"
            for path in ["/api/escalations", "/api/summary"]:
                status, headers, body = board.get(path)
                assert status == 401 and "Basic" in headers.get("WWW-Authenticate", ""), f"GET {path}: {status}"
                assert "esc-" not in body and "case-" not in body
            status, _, body = board.get("/login")
            assert status == 200 and "Sign in" in body
        check("unauthenticated requests get the sign-in page, or 401 from the API", unauthenticated)

        north = browser(work, "north")
        drivers.append(north)
        producer = KafkaProducer(bootstrap_servers=board.brokers)

        def live_row():
            sign_in(north, board, "sup-0001")
            case_id = "case-900100"
            produced = time.monotonic()
            producer.send("homeward.escalation-status", key=case_id.encode(),
                          value=json.dumps(status_record(case_id, "team-north")).encode())
            producer.flush()
            wait_until("the produced escalation's row", lambda: row(north, case_id), limit=5)
            elapsed = time.monotonic() - produced
            assert elapsed <= 1.0, f"the row appeared after {elapsed:.3f} s"
            print(f"      row appeared {elapsed * 1000:.0f} ms after the record was produced", flush=True)
        check("an escalation produced after the page loaded appears within 1 s", live_row)

        def acknowledge():
            with tempfile.NamedTemporaryFile("w", suffix=".ndjson", delete=False) as history:
                history.write("\n".join(json.dumps(event) for event in case_events(NORTH_CASE, "team-north")) + "\n")
            subprocess.run([board.homeward, "produce", history.name, "--brokers", board.brokers], check=True,
                           capture_output=True, cwd=board.repo)
            element = wait_until("the escalator's escalation on the page", lambda: row(north, NORTH_CASE), limit=30)
            assert "emergency" in element.text.lower(), element.text
            assert "An escalation recommends; people decide." in north.page_source
            button = element.find_element(By.XPATH, ".//form[contains(@action,'/acknowledge')]//button")
            button.click()
            wait_until("the board to say it was acknowledged", lambda: "Acknowledged." in north.page_source, limit=10)
            events = wait_until("escalation.acknowledged on case-events",
                                lambda: [e for e in decisions(board, NORTH_CASE) if e["type"] == "org.homeward.escalation.acknowledged.v1"])
            assert events[0]["data"]["acknowledgedBy"] == "sup-0001", events[0]
            started = time.monotonic()
            try:
                wait_until("the row to show acknowledged",
                           lambda: (r := row(north, NORTH_CASE)) is not None and "acknowledged" in r.find_element(By.CSS_SELECTOR, ".badge").text,
                           limit=30)
            except Exception as error:
                shown = row(north, NORTH_CASE)
                raise AssertionError(f"{error}; the row shows {shown.text if shown else 'nothing'!r}; "
                                     f"{escalation_trail(board, NORTH_CASE)}") from error
            print(f"      the row showed acknowledged {(time.monotonic() - started) * 1000:.0f} ms after the decision was on case-events", flush=True)
        check("acknowledge on the page → escalation.acknowledged on case-events → the row shows acknowledged", acknowledge)

        if options.screenshot:
            north.get(f"http://127.0.0.1:{board.port}/")
            wait_until("the list", lambda: row(north, NORTH_CASE))
            north.save_screenshot(options.screenshot)
            print(f"      screenshot: {options.screenshot}", flush=True)

        def csrf_refused():
            cookie, csrf = session_of(north)
            status, _, body = board.request("POST", f"/escalations/{NORTH_CASE}/resolve", cookie=cookie,
                                            body={"escalationId": f"esc-x", "outcome": "safety-plan"})
            assert status == 403, f"without a token: {status} {body[:100]}"
            status, _, _ = board.request("POST", f"/escalations/{NORTH_CASE}/resolve", cookie=cookie,
                                         body={"csrf": csrf[:-2] + "xx", "escalationId": "esc-x", "outcome": "safety-plan"})
            assert status == 403, f"with a wrong token: {status}"
            status, _, _ = board.request("POST", "/logout", cookie=cookie, body={})
            assert status == 403, f"sign-out without a token: {status}"
            assert not [e for e in decisions(board, NORTH_CASE) if e["type"] == "org.homeward.escalation.resolved.v1"]
        check("a POST without the CSRF token is refused", csrf_refused)

        def other_team():
            south = browser(work, "south")
            drivers.append(south)
            sign_in(south, board, "sup-0002")
            assert row(south, NORTH_CASE) is None and NORTH_CASE not in south.page_source
            assert "/acknowledge" not in south.page_source and "/resolve" not in south.page_source
            cookie, csrf = session_of(south)
            before = len(decisions(board, NORTH_CASE))
            escalation_id = [e for e in decisions(board, NORTH_CASE)][0]["data"]["escalationId"]
            status, headers, _ = board.request("POST", f"/escalations/{NORTH_CASE}/resolve", cookie=cookie,
                                               body={"csrf": csrf, "escalationId": escalation_id, "outcome": "safety-plan"})
            assert status == 303 and "done=gone" in headers.get("Location", ""), f"{status} {headers.get('Location')}"
            status, _, body = board.get("/api/escalations", cookie=cookie)
            assert status == 200 and NORTH_CASE not in body, body[:200]
            assert len(decisions(board, NORTH_CASE)) == before, "the other team's supervisor produced a decision"
        check("a supervisor of another team sees neither the row nor the action, and cannot act", other_team)

        def quiet_logs():
            cookie, csrf = session_of(north)
            with open(os.path.join(work, "dashboard.log"), errors="replace") as log:
                text = log.read()
            assert "board sign-in" in text, "the log says who signed in"
            for secret in [PASSWORD, cookie.split("=", 1)[1], csrf, "$2b$"]:
                assert secret not in text, f"the board's log holds a secret ({secret[:4]}…)"
        check("the board's log names users but holds no password, hash, session token or CSRF token", quiet_logs)
    finally:
        for driver in drivers:
            driver.quit()
        board.stop()
    print(f"{len(failures)} of 6 checks failed" if failures else "all 6 checks passed; logs in " + work, flush=True)
    if failures:
        for name in ["dashboard", "escalator", "broker"]:
            with open(os.path.join(work, f"{name}.log"), errors="replace") as log:
                print(f"--- {name}.log (end)\n" + log.read()[-3000:], file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
