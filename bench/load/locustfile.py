"""Simulated users for the load benchmark; `bench/load/run.py` prepares their sign-ins and runs
this file headless (see bench/load/README.md).

Four kinds of user, in fixed shares of the total (`LOAD_USERS`):
- Hub workers work the queue: `/hub/`, then a contact's screening page from it.
- Social workers open their team's work page (`/teams/<slug>/`) and children on their caseload.
- Partner systems submit Requests for Support through the API with an `Idempotency-Key`,
  retrying with the same key after a 5xx answer, a dropped connection or a timeout.
- Partner agency staff type into a draft Request for Support; the page autosaves with the
  version it last got back.
Browsers fetch the stylesheet too, so staff users ask for it now and then: it is the static
endpoint every page's time is compared with.

The plan (`LOAD_PLAN`, written by run.py) holds session cookies minted server-side, so no
simulated user goes through the sign-in form (which has lockout and a second factor).
Every answer's status and every API submission's fate are written to `LOAD_OUT` at the end.
"""

import collections
import itertools
import json
import os
import random
import re
import time
import uuid

from locust import HttpUser, between, events, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as plan_file:
    PLAN = json.load(plan_file)
OUT = os.environ["LOAD_OUT"]
TOTAL = int(os.environ.get("LOAD_USERS", "50"))
STATIC = PLAN["static"]
API_TIMEOUT = 20  # seconds before a partner system gives up waiting and retries
API_ATTEMPTS = 6

# How the users split: Hub 40%, social workers 24%, API 20%, autosave 16% (20/12/10/8 of 50).
SHARES = {"hub": 0.40, "social": 0.24, "api": 0.20, "autosave": 0.16}

status_counts: collections.Counter[str] = collections.Counter()
submissions: dict[str, dict] = {}
_next = collections.defaultdict(itertools.count)


def _fixed(kind: str) -> int:
    counts = {k: max(1, round(TOTAL * share)) for k, share in SHARES.items()}
    counts["hub"] += TOTAL - sum(counts.values())  # the rounding remainder works the Hub
    return counts[kind]


def _take(kind: str) -> dict:
    """The next of this kind's prepared sign-ins (shared round the users if there are few)."""
    pool = PLAN[kind]
    return pool[next(_next[kind]) % len(pool)]


def _why(response: object) -> str:
    """The status, or for no answer at all (status 0) the connection error."""
    code = getattr(response, "status_code", 0)
    return str(code) if code else f"no answer: {type(response.error).__name__}"


@events.request.add_listener
def _count(name: str, response: object, exception: object, **_: object) -> None:
    code = getattr(response, "status_code", 0) or 0
    status_counts[f"{name}|{code}"] += 1


@events.test_stop.add_listener
def _write(**_: object) -> None:
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump({"status_counts": status_counts, "submissions": submissions}, out, indent=1)


class _Staff(HttpUser):
    abstract = True
    wait_time = between(1, 4)  # reading the page before the next click
    kind = ""

    def on_start(self) -> None:
        self.plan = _take(self.kind)
        self.client.cookies.set(PLAN["session_cookie"], self.plan["session"])

    def _page(self, path: str, name: str) -> str:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(_why(response))
                return ""
            return response.text

    @task(1)
    def stylesheet(self) -> None:
        self._page(STATIC, "Static stylesheet")


class HubWorker(_Staff):
    kind = "hub"
    fixed_count = _fixed("hub")
    contacts: list[str] = []

    @task(3)
    def queue(self) -> None:
        page = self._page("/hub/", "Hub queue")
        found = re.findall(r'href="/hub/contacts/(\d+)/"', page)
        if found:
            self.contacts = found

    @task(3)
    def screening(self) -> None:
        if not self.contacts:
            return self.queue()
        self._page(f"/hub/contacts/{random.choice(self.contacts)}/", "Screening page")


class SocialWorker(_Staff):
    kind = "social"
    fixed_count = _fixed("social")

    @task(2)
    def team_page(self) -> None:
        self._page(f"/teams/{self.plan['team']}/", "Team work page")

    @task(3)
    def child_record(self) -> None:
        self._page(f"/people/{random.choice(self.plan['children'])}/", "Child's record")


class PartnerSystem(HttpUser):
    fixed_count = _fixed("api")
    wait_time = between(1, 4)

    def on_start(self) -> None:
        self.plan = _take("api")

    @task
    def submit(self) -> None:
        key = f"{PLAN['run']}-{uuid.uuid4().hex}"
        body = json.loads(json.dumps(PLAN["api_body"]))
        body["worries"] = f"{body['worries']} [load test {key}]"
        record = submissions[key] = {
            "agency": self.plan["agency"],
            "attempts": 0,
            "answered": False,
            "status": None,
        }
        headers = {"Authorization": f"Bearer {self.plan['token']}", "Idempotency-Key": key}
        for attempt in range(API_ATTEMPTS):
            record["attempts"] = attempt + 1
            try:
                with self.client.post(
                    "/api/v1/requests-for-support",
                    json=body,
                    headers=headers,
                    name="API submission",
                    timeout=API_TIMEOUT,
                    catch_response=True,
                ) as response:
                    code = response.status_code
                    if code == 201:
                        record.update(answered=True, status=code)
                        return
                    response.failure(_why(response))
                    if code and code < 500:
                        record.update(answered=True, status=code)  # refused: not retried
                        return
            except Exception as error:
                record["last_error"] = repr(error)
            time.sleep(min(2**attempt, 8) * 0.5)


class PartnerTyping(HttpUser):
    fixed_count = _fixed("autosave")
    wait_time = between(1, 4)  # the page autosaves a few seconds after typing stops

    def on_start(self) -> None:
        self.plan = _take("autosave")
        self.client.cookies.set(PLAN["session_cookie"], self.plan["session"])
        self.client.cookies.set(PLAN["csrf_cookie"], self.plan["csrf"])
        self.version = self.plan["version"]
        self.words = 0

    @task
    def autosave(self) -> None:
        self.words += 1
        form = dict(PLAN["draft_form"])
        form["worries"] = f"{form['worries']} Typed so far: {self.words} words."
        form["version"] = str(self.version)
        with self.client.post(
            f"/hub/requests/{self.plan['draft']}/autosave",
            data=form,
            headers={"X-CSRFToken": self.plan["csrf"]},
            name="Autosave",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(_why(response))
                return
            answer = response.json()
            if not answer.get("saved"):
                response.failure(answer.get("message", "not saved"))
                return
            self.version = answer["version"]
