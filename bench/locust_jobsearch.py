"""Locust users of the public job search (/online/jobs/?q=...), for bench/jobsearch_load.py.

Each user searches as people do on the job bank: a word or two (會計, 門市, 臺北 客服 ...), now
and then with a district or hours filter, sometimes the second page, and opens one vacancy of
the results now and then. A few requests fetch a static file served by the same process: the
baseline the runner sets the search's times against.

Run it through bench/jobsearch_load.py (which starts the server and reads the results), or by
hand against a server already running:

    .venv/bin/locust -f bench/locust_jobsearch.py --headless -u 20 -r 20 -t 60s \\
        --host http://127.0.0.1:8766
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, between, task

# What people type into the job bank's search box (both 臺 and 台, full-width too).
WORDS = ["會計", "會計助理", "門市", "門市人員", "台北 門市", "臺北 客服", "客服", "作業員",
         "保全", "清潔", "司機", "工程師", "行政助理", "兼職", "倉管", "廚師", "餐廳", "業務",
         "照顧服務員", "護理", "櫃檯", "櫃台 接待", "Ｅｘｃｅｌ", "java", "堆高機", "美髮",
         "店長", "麵包", "物流", "設計"]
DISTRICTS = ["", "", "", "daan", "zhongshan", "xinyi", "neihu", "songshan"]
HOURS = ["", "", "", "", "full_time", "part_time"]
VACANCY_LINK = re.compile(r'href="/online/jobs/(\d+)/"')
STATIC = "/static/core/css/workspace.css"


class JobSeekerUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.rnd = random.Random()
        self.seen: list[str] = []

    @task(10)
    def search(self):
        params = {"q": self.rnd.choice(WORDS)}
        if district := self.rnd.choice(DISTRICTS):
            params["district"] = district
        if hours := self.rnd.choice(HOURS):
            params["hours"] = hours
        if self.rnd.random() < 0.15:
            params["page"] = "2"
        with self.client.get("/online/jobs/", params=params, name="search /online/jobs/?q=",
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            self.seen = VACANCY_LINK.findall(response.text)[:10] or self.seen

    @task(3)
    def vacancy(self):
        if not self.seen:
            return
        self.client.get(f"/online/jobs/{self.rnd.choice(self.seen)}/",
                        name="vacancy /online/jobs/<pk>/")

    @task(1)
    def baseline(self):
        self.client.get(STATIC, name="baseline: static file")
